//! The hash chain of the audit trail, without storage: each row carries the SHA-256 of the row
//! before it and its own hash over that link and its canonical content, so editing, deleting,
//! inserting or reordering any row breaks the chain at that row. The length and head hash are
//! kept outside the database too, so cutting rows off the end is caught as well.

use sha2::{Digest, Sha256};

/// How many rows may follow the head kept outside the database: the head is kept in the
/// background, so the rows of the last moments before the app stopped may not be in it yet.
pub const UNCONFIRMED_TAIL: i64 = 64;

/// The link of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// 1, 2, 3 … without gaps.
    pub seq: i64,
    /// RFC 3339 UTC, fixed width.
    pub at: String,
    /// Who acted: `pharmacy_id/login` (or `-` for nobody signed in).
    pub actor: String,
    /// What happened (`sign_in`, `lookup` …).
    pub action: String,
    /// What it was about, masked (`30**********33`, a prescription number, a setting).
    pub subject: String,
    /// More, as canonical JSON (keys sorted).
    pub details: String,
    /// The hash of the row before (`GENESIS` for the first).
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and the canonical content.
    pub hash: String,
}

/// The canonical content of a row: its fields as a JSON array, in order.
pub fn canonical(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
) -> String {
    serde_json::json!([seq, at, actor, action, subject, details]).to_string()
}

/// The hash of a row from its link to the row before and its content.
pub fn hash(prev_hash: &str, content: &str) -> String {
    let digest = Sha256::new()
        .chain_update(prev_hash.as_bytes())
        .chain_update(b"\n")
        .chain_update(content.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Link {
    /// The row following a row whose hash is `prev_hash`.
    pub fn next(
        prev_seq: i64,
        prev_hash: &str,
        at: &str,
        actor: &str,
        action: &str,
        subject: &str,
        details: &str,
    ) -> Link {
        let seq = prev_seq + 1;
        let content = canonical(seq, at, actor, action, subject, details);
        Link {
            seq,
            at: at.to_owned(),
            actor: actor.to_owned(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            details: details.to_owned(),
            prev_hash: prev_hash.to_owned(),
            hash: hash(prev_hash, &content),
        }
    }
}

/// The length and last hash of a chain (kept outside the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub len: i64,
    pub hash: String,
}

impl Head {
    /// The head of an empty chain.
    pub fn empty() -> Head {
        Head {
            len: 0,
            hash: GENESIS.to_owned(),
        }
    }

    /// `len:hash`, as kept.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.len, self.hash)
    }

    /// The head from `len:hash`.
    pub fn decode(s: &str) -> Option<Head> {
        let (len, hash) = s.trim().split_once(':')?;
        Some(Head {
            len: len.parse().ok()?,
            hash: hash.to_owned(),
        })
    }
}

/// What is wrong with a chain: the first broken link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// Row `seq` does not hash to what it says: its content was edited.
    Edited { seq: i64 },
    /// Row `found` stands where row `expected` should: rows were deleted, inserted or
    /// reordered.
    OutOfOrder { expected: i64, found: i64 },
    /// Row `seq` does not point at the row before it: a row before it was replaced.
    Unlinked { seq: i64 },
    /// The chain ends at `len` rows, but `kept` rows were recorded: the tail was cut off (or
    /// replaced).
    Truncated { len: i64, kept: i64 },
    /// The last kept row is not the one recorded outside the database: the chain was rewritten.
    HeadMismatch { seq: i64 },
    /// Row `seq` lies beyond the rows recorded outside the database: rows were added behind
    /// the app's back.
    Unrecorded { seq: i64 },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Edited { seq } => write!(f, "row {seq} was changed after it was written (its hash does not match its content)"),
            Break::OutOfOrder { expected, found } => write!(f, "row {found} stands where row {expected} should: rows were deleted, inserted or reordered"),
            Break::Unlinked { seq } => write!(f, "row {seq} does not follow the row before it: an earlier row was replaced"),
            Break::Truncated { len, kept } => write!(f, "the log ends after row {len}, but {kept} rows were recorded: rows were removed from its end"),
            Break::HeadMismatch { seq } => write!(f, "row {seq} is not the row recorded as the last one: the log was rewritten"),
            Break::Unrecorded { seq } => write!(f, "row {seq} was never recorded as written: rows were added behind the app's back"),
        }
    }
}

/// Walks a chain in order; `head`: what was kept outside the database, if anything. Returns the
/// number of rows, or the first break. Up to [`UNCONFIRMED_TAIL`] rows after the kept head (the
/// app stopped before it kept their head) are accepted when they link to it.
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
    head: Option<Head>,
    head_seen: bool,
    /// Rows before this one were archived (or are about to be): they are skipped.
    first: i64,
}

/// Where the kept part of a chain starts after older rows were archived: the first kept row and
/// the hash of the row before it (kept outside the database, like the head).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub prev_hash: String,
}

impl Anchor {
    /// `seq:prev_hash`, as kept.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.seq, self.prev_hash)
    }

    /// The anchor from `seq:prev_hash`.
    pub fn decode(s: &str) -> Option<Anchor> {
        let (seq, prev) = s.trim().split_once(':')?;
        Some(Anchor {
            seq: seq.parse().ok()?,
            prev_hash: prev.to_owned(),
        })
    }
}

impl Verifier {
    pub fn new(head: Option<Head>) -> Verifier {
        Self::from_anchor(head, None)
    }

    /// A verifier of the rows from `anchor` on (all rows without one).
    pub fn from_anchor(head: Option<Head>, anchor: Option<Anchor>) -> Verifier {
        let (first, prev_hash) = anchor.map_or((1, GENESIS.to_owned()), |a| (a.seq, a.prev_hash));
        Verifier {
            expected_seq: first,
            prev_hash,
            head_seen: head.as_ref().is_none_or(|h| h.len == 0 || h.len < first),
            head,
            first,
        }
    }

    /// Checks the next row.
    pub fn check(&mut self, row: &Link) -> Result<(), Break> {
        if row.seq < self.first && self.expected_seq == self.first {
            // Archived already, or about to be removed after archiving.
            return Ok(());
        }
        if row.seq != self.expected_seq {
            return Err(Break::OutOfOrder {
                expected: self.expected_seq,
                found: row.seq,
            });
        }
        if row.prev_hash != self.prev_hash {
            return Err(Break::Unlinked { seq: row.seq });
        }
        let content = canonical(
            row.seq,
            &row.at,
            &row.actor,
            &row.action,
            &row.subject,
            &row.details,
        );
        if hash(&row.prev_hash, &content) != row.hash {
            return Err(Break::Edited { seq: row.seq });
        }
        if let Some(head) = &self.head {
            if row.seq == head.len {
                if row.hash != head.hash {
                    return Err(Break::HeadMismatch { seq: row.seq });
                }
                self.head_seen = true;
            } else if row.seq > head.len + UNCONFIRMED_TAIL {
                // More than a stop between writing and keeping can explain.
                return Err(Break::Unrecorded { seq: row.seq });
            }
        }
        self.expected_seq += 1;
        self.prev_hash = row.hash.clone();
        Ok(())
    }

    /// The end of the rows: the length, or a cut-off tail.
    pub fn finish(self) -> Result<i64, Break> {
        let len = self.expected_seq - 1;
        let kept_rows = len - (self.first - 1);
        match &self.head {
            Some(head) if !self.head_seen || len < head.len => Err(Break::Truncated {
                len,
                kept: head.len,
            }),
            _ => Ok(kept_rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Link> {
        let mut rows: Vec<Link> = Vec::new();
        for i in 0..n {
            let (seq, prev) = rows
                .last()
                .map_or((0, GENESIS.to_owned()), |r| (r.seq, r.hash.clone()));
            rows.push(Link::next(
                seq,
                &prev,
                &format!("2026-12-02T10:00:{i:02}.000000Z"),
                "PH/a",
                "lookup",
                "30**********33",
                "{}",
            ));
        }
        rows
    }

    fn verify(rows: &[Link], head: Option<Head>) -> Result<i64, Break> {
        let mut v = Verifier::new(head);
        for r in rows {
            v.check(r)?;
        }
        v.finish()
    }

    fn head_of(rows: &[Link]) -> Head {
        let last = rows.last().unwrap();
        Head {
            len: last.seq,
            hash: last.hash.clone(),
        }
    }

    #[test]
    fn an_untouched_chain_verifies_with_its_length() {
        let rows = chain(5);
        assert_eq!(verify(&rows, Some(head_of(&rows))), Ok(5));
        assert_eq!(verify(&[], Some(Head::empty())), Ok(0));
    }

    #[test]
    fn an_edited_row_is_caught_at_that_row() {
        let mut rows = chain(5);
        rows[2].subject = "40**********31".into();
        assert_eq!(
            verify(&rows, Some(head_of(&rows))),
            Err(Break::Edited { seq: 3 })
        );
    }

    #[test]
    fn a_deleted_row_is_caught_where_it_was() {
        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(
            verify(&rows, None),
            Err(Break::OutOfOrder {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn an_inserted_row_is_caught_even_with_its_own_hash_right() {
        let rows = chain(5);
        let mut forged = rows[..2].to_vec();
        // A well-formed row 3 slipped in, the old rows 3.. renumbered after it.
        let fake = Link::next(
            2,
            &rows[1].hash,
            "2026-12-02T10:00:02.500000Z",
            "PH/x",
            "lookup",
            "x",
            "{}",
        );
        forged.push(fake);
        for r in &rows[2..] {
            let mut r = r.clone();
            r.seq += 1;
            forged.push(r);
        }
        assert!(matches!(
            verify(&forged, Some(head_of(&rows))),
            Err(Break::Unlinked { seq: 4 }) | Err(Break::Edited { .. })
        ));
    }

    #[test]
    fn reordered_rows_are_caught() {
        let mut rows = chain(5);
        rows.swap(1, 3);
        assert_eq!(
            verify(&rows, None),
            Err(Break::OutOfOrder {
                expected: 2,
                found: 4
            })
        );
    }

    #[test]
    fn a_cut_off_tail_is_caught_by_the_kept_head() {
        let rows = chain(5);
        let head = head_of(&rows);
        assert_eq!(
            verify(&rows[..3], Some(head.clone())),
            Err(Break::Truncated { len: 3, kept: 5 })
        );
        assert_eq!(
            verify(&[], Some(head)),
            Err(Break::Truncated { len: 0, kept: 5 })
        );
    }

    #[test]
    fn a_rewritten_chain_is_caught_by_the_kept_head() {
        let rows = chain(5);
        let head = head_of(&rows);
        let mut other = chain(5);
        other[4] = Link::next(
            4,
            &other[3].hash,
            "2026-12-02T11:00:00.000000Z",
            "PH/x",
            "export",
            "-",
            "{}",
        );
        assert_eq!(
            verify(&other, Some(head)),
            Err(Break::HeadMismatch { seq: 5 })
        );
    }

    #[test]
    fn a_short_tail_after_the_kept_head_is_a_stop_not_a_break() {
        let rows = chain(5 + UNCONFIRMED_TAIL);
        let head = head_of(&rows[..5]);
        assert_eq!(verify(&rows, Some(head.clone())), Ok(5 + UNCONFIRMED_TAIL));
        let more = chain(6 + UNCONFIRMED_TAIL);
        assert_eq!(
            verify(&more, Some(head)),
            Err(Break::Unrecorded {
                seq: 6 + UNCONFIRMED_TAIL
            })
        );
    }

    #[test]
    fn from_an_anchor_the_archived_rows_are_skipped_and_the_rest_checked() {
        let rows = chain(8);
        let anchor = Anchor {
            seq: 4,
            prev_hash: rows[2].hash.clone(),
        };
        let check = |rows: &[Link]| {
            let mut v = Verifier::from_anchor(Some(head_of(&chain(8))), Some(anchor.clone()));
            for r in rows {
                v.check(r)?;
            }
            v.finish()
        };
        assert_eq!(check(&rows[3..]), Ok(5), "rows 4..8 after archiving 1..3");
        assert_eq!(
            check(&rows),
            Ok(5),
            "rows 1..3 still there, about to be removed"
        );
        assert_eq!(
            check(&rows[4..]),
            Err(Break::OutOfOrder {
                expected: 4,
                found: 5
            })
        );
        let mut edited = rows[3..].to_vec();
        edited[0].actor = "PH/x".into();
        assert_eq!(check(&edited), Err(Break::Edited { seq: 4 }));
        assert_eq!(Anchor::decode(&anchor.encode()), Some(anchor));
    }

    #[test]
    fn heads_round_trip() {
        let h = Head {
            len: 42,
            hash: "ab".repeat(32),
        };
        assert_eq!(Head::decode(&h.encode()), Some(h));
        assert_eq!(Head::decode("x"), None);
    }
}
