//! Uzbek personal names (Latin script, oʻ/gʻ with U+02BB), facilities and diagnoses used by
//! the demo data.

use rand::seq::SliceRandom;
use rand::Rng;

/// Male given names with the stem their children's patronymic is built from.
const MALE: &[(&str, &str)] = &[
    ("Rustam", "Rustamov"),
    ("Alisher", "Alisherov"),
    ("Bahodir", "Bahodirov"),
    ("Sherzod", "Sherzodov"),
    ("Jasur", "Jasurov"),
    ("Otabek", "Otabekov"),
    ("Ulugʻbek", "Ulugʻbekov"),
    ("Farhod", "Farhodov"),
    ("Dilshod", "Dilshodov"),
    ("Sardor", "Sardorov"),
    ("Javlon", "Javlonov"),
    ("Akmal", "Akmalov"),
    ("Anvar", "Anvarov"),
    ("Botir", "Botirov"),
    ("Doniyor", "Doniyorov"),
    ("Eldor", "Eldorov"),
    ("Gʻayrat", "Gʻayratov"),
    ("Ikrom", "Ikromov"),
    ("Jamshid", "Jamshidov"),
    ("Komil", "Komilov"),
    ("Laziz", "Lazizov"),
    ("Mansur", "Mansurov"),
    ("Nodir", "Nodirov"),
    ("Oybek", "Oybekov"),
    ("Pulat", "Pulatov"),
    ("Qodir", "Qodirov"),
    ("Ravshan", "Ravshanov"),
    ("Sanjar", "Sanjarov"),
    ("Temur", "Temurov"),
    ("Xurshid", "Xurshidov"),
    ("Yusuf", "Yusufov"),
    ("Zafar", "Zafarov"),
    ("Shavkat", "Shavkatov"),
    ("Oʻtkir", "Oʻtkirov"),
    ("Abdulla", "Abdullayev"),
    ("Ali", "Aliyev"),
    ("Islom", "Islomov"),
    ("Murod", "Murodov"),
    ("Nurali", "Nuraliyev"),
    ("Erkin", "Erkinov"),
];

const FEMALE: &[&str] = &[
    "Dilnoza",
    "Gulnora",
    "Malika",
    "Nodira",
    "Shahnoza",
    "Zarina",
    "Madina",
    "Feruza",
    "Kamola",
    "Dilfuza",
    "Nilufar",
    "Sevara",
    "Mohira",
    "Gulchehra",
    "Oygul",
    "Nargiza",
    "Umida",
    "Yulduz",
    "Zulfiya",
    "Barno",
    "Charos",
    "Durdona",
    "Hilola",
    "Iroda",
    "Lola",
    "Mavluda",
    "Munisa",
    "Oʻgʻiloy",
    "Ra'no",
    "Sabina",
    "Saida",
    "Shoira",
    "Gulshan",
    "Dildora",
    "Maftuna",
    "Rayhona",
    "Sitora",
    "Xolida",
    "Ziyoda",
    "Nasiba",
];

/// Male surnames; the female form adds `a`.
const SURNAMES: &[&str] = &[
    "Karimov",
    "Toshmatov",
    "Yusupov",
    "Rahimov",
    "Gʻulomov",
    "Oʻrinboyev",
    "Saidov",
    "Abdullayev",
    "Ismoilov",
    "Qodirov",
    "Nazarov",
    "Ergashev",
    "Xoʻjayev",
    "Mirzayev",
    "Sobirov",
    "Tursunov",
    "Usmonov",
    "Haydarov",
    "Rasulov",
    "Jurayev",
    "Aliyev",
    "Hamidov",
    "Sultonov",
    "Boboyev",
    "Nurmatov",
    "Qosimov",
    "Fayzullayev",
    "Mahmudov",
    "Shodiyev",
    "Egamberdiyev",
    "Olimov",
    "Azimov",
    "Norboyev",
    "Raximov",
    "Yoʻldoshev",
    "Zokirov",
    "Sharipov",
    "Hakimov",
    "Musayev",
    "Xolmatov",
];

/// A full name in the usual order: surname, given name, patronymic.
pub fn full_name(rng: &mut impl Rng, female: bool) -> String {
    let surname = SURNAMES.choose(rng).copied().unwrap_or("Karimov");
    let (_, father_stem) = MALE.choose(rng).copied().unwrap_or(("Rustam", "Rustamov"));
    if female {
        let given = FEMALE.choose(rng).copied().unwrap_or("Dilnoza");
        format!("{surname}a {given} {father_stem}na")
    } else {
        let (given, _) = MALE
            .choose(rng)
            .copied()
            .unwrap_or(("Alisher", "Alisherov"));
        format!("{surname} {given} {father_stem}ich")
    }
}

/// Medical facilities that issue prescriptions.
pub const FACILITIES: &[&str] = &[
    "Toshkent shahar 12-oilaviy poliklinika",
    "Toshkent shahar 45-oilaviy poliklinika",
    "Chilonzor tumani tibbiyot birlashmasi",
    "Yunusobod tumani 3-oilaviy poliklinika",
    "Mirzo Ulugʻbek tumani koʻp tarmoqli markaziy poliklinika",
    "Samarqand shahar 2-oilaviy poliklinika",
    "Samarqand viloyat koʻp tarmoqli tibbiyot markazi",
    "Buxoro viloyat endokrinologiya dispanseri",
    "Andijon shahar 5-oilaviy poliklinika",
    "Fargʻona viloyat kardiologiya markazi",
    "Namangan shahar 1-oilaviy poliklinika",
    "Respublika ixtisoslashtirilgan kardiologiya ilmiy-amaliy tibbiyot markazi",
    "Qarshi shahar 4-oilaviy poliklinika",
    "Nukus shahar 2-oilaviy poliklinika",
];

/// Plausible ICD-10 codes by ATC group.
pub fn diagnosis(rng: &mut impl Rng, atc: &str) -> &'static str {
    let pool: &[&str] = match atc.get(..3).unwrap_or("") {
        "J01" => &[
            "J18.9", "J06.9", "J20.9", "N39.0", "J01.9", "J03.9", "L03.1",
        ],
        "J02" => &["B37.3", "B37.9", "B35.1"],
        "J04" => &["A15.0", "A16.2"],
        "J05" => &["B00.9", "J11.1", "B18.1", "B02.9"],
        "H02" => &["M06.9", "J45.9", "L20.9"],
        "H03" => &["E03.9", "E05.0", "E06.3"],
        "G03" => &["N95.1", "N92.0", "O20.0", "N97.9"],
        "C08" | "C09" | "C03" | "C07" => &["I10", "I11.9", "I20.8", "I50.9"],
        "C10" => &["E78.0", "E78.5", "I25.1"],
        "C01" | "B01" => &["I48.9", "I25.1", "I20.8", "I63.9"],
        "A10" => &["E11.9", "E10.9", "E11.6"],
        "A02" | "A03" | "A07" | "A05" | "A09" | "A06" | "A04" => {
            &["K21.0", "K29.7", "K58.9", "K80.2", "K86.1", "K59.0"]
        }
        "M01" | "N02" | "M04" => &["M54.5", "M17.9", "M10.9", "G43.9", "M79.1"],
        "R03" | "R05" | "R06" => &["J45.9", "J44.9", "J30.4", "J20.9", "L50.9"],
        "N03" | "N05" | "N06" => &["G40.9", "F32.9", "F41.1", "G62.9"],
        _ => &["R50.9", "Z00.0", "I10", "E55.9", "D50.9"],
    };
    pool.choose(rng).copied().unwrap_or("R69")
}

/// How to take a medicine, in Uzbek, for the form's unit.
pub fn dosage_text(rng: &mut impl Rng, unit: &str) -> String {
    let times = rng.gen_range(1..=3);
    let when = [
        "ovqatdan keyin",
        "ovqatdan oldin",
        "ovqat vaqtida",
        "kechqurun",
    ]
    .choose(rng)
    .copied()
    .unwrap_or("ovqatdan keyin");
    match unit {
        "tabletka" | "kapsula" => format!("Kuniga {times} mahal 1 {unit}dan, {when}"),
        "ampula" => format!("Mushak ichiga kuniga {times} mahal 1 ampuladan"),
        "flakon" => format!("Koʻrsatmaga koʻra kuniga {times} mahal"),
        "tuba" => format!("Zararlangan sohaga kuniga {times} mahal surtilsin"),
        "ballon" => format!("Kuniga {times} mahal 1–2 ingalyatsiya"),
        _ => format!("Koʻrsatmaga koʻra kuniga {times} mahal"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn names_have_three_parts_and_gendered_endings() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..50 {
            let f = full_name(&mut rng, true);
            let parts: Vec<&str> = f.split(' ').collect();
            assert_eq!(parts.len(), 3, "{f}");
            assert!(parts[0].ends_with('a') && parts[2].ends_with("na"), "{f}");
            let m = full_name(&mut rng, false);
            assert!(m.ends_with("ich"), "{m}");
        }
    }

    #[test]
    fn okina_is_the_modifier_letter() {
        assert!(SURNAMES.iter().any(|s| s.contains('\u{02BB}')));
        assert!(!SURNAMES
            .iter()
            .chain(FEMALE)
            .any(|s| s.contains('\u{2018}')));
    }
}
