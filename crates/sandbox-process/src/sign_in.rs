//! The person at the system browser, scripted: given the authorize URL the counter opens, fills
//! in the sandbox's training sign-in page with a member's pharmacy, login and secret, posts it
//! and follows the redirect to the counter's loopback address, as a browser does. The
//! end-to-end tests use it through the `sandbox-browser` program (`DORIXONA_BROWSER`), the
//! crash test and benchmarks in-process.

use crate::http::{request, Answer};

/// Whom the scripted browser signs in as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub pharmacy_id: String,
    pub login: String,
    pub secret: String,
}

/// What the browser saw on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visit {
    /// The URL the counter opened.
    pub authorize_url: String,
    /// The sign-in page's status.
    pub page_status: u16,
    /// The answer to the posted form: status, `Location` and text.
    pub form_status: u16,
    pub location: Option<String>,
    pub form_text: String,
    /// The counter's answer to the redirect, when there was one.
    pub callback_status: Option<u16>,
    /// What went wrong on the way, if anything.
    pub failure: Option<String>,
}

/// Signs `who` in at the page of `authorize_url` and delivers the code to the redirect URI.
pub fn sign_in(authorize_url: &str, who: &Person) -> Result<(), String> {
    let seen = visit(authorize_url, who);
    if let Some(failure) = seen.failure {
        return Err(failure);
    }
    match seen.callback_status {
        Some(status) if (200..300).contains(&status) => Ok(()),
        Some(status) => Err(format!("the counter's redirect address answered {status}")),
        None => Err(format!(
            "the sign-in form answered {}: {}",
            seen.form_status,
            seen.form_text.chars().take(300).collect::<String>()
        )),
    }
}

/// The whole visit: the page, the form with `who`'s credentials, and the redirect (when the
/// form answers one: a refused sign-in shows the page again and delivers nothing).
pub fn visit(authorize_url: &str, who: &Person) -> Visit {
    let mut seen = Visit {
        authorize_url: authorize_url.to_owned(),
        ..Visit::default()
    };
    if let Err(e) = steps(&mut seen, who) {
        seen.failure = Some(e);
    }
    seen
}

fn steps(seen: &mut Visit, who: &Person) -> Result<(), String> {
    let page_url = url::Url::parse(&seen.authorize_url).map_err(|e| e.to_string())?;
    let page = request("GET", page_url.as_str(), None)?;
    seen.page_status = page.status;
    if page.status != 200 {
        return Err(refused("the sign-in page", &page));
    }
    let action = form_action(&page.body).ok_or("no form on the sign-in page")?;
    let action = page_url.join(&action).map_err(|e| e.to_string())?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in hidden_fields(&page.body) {
        if !matches!(name.as_str(), "pharmacy_id" | "login" | "secret") {
            form.append_pair(&name, &value);
        }
    }
    form.append_pair("pharmacy_id", &who.pharmacy_id)
        .append_pair("login", &who.login)
        .append_pair("secret", &who.secret);
    let posted = request(
        "POST",
        action.as_str(),
        Some(("application/x-www-form-urlencoded", &form.finish())),
    )?;
    seen.form_status = posted.status;
    seen.location = posted.header("location").map(str::to_owned);
    seen.form_text = posted.body.clone();
    let Some(location) = seen.location.clone() else {
        return Ok(());
    };
    seen.callback_status = Some(request("GET", &location, None)?.status);
    Ok(())
}

fn refused(what: &str, answer: &Answer) -> String {
    let text: String = answer.body.chars().take(300).collect();
    format!("{what} answered {}: {text}", answer.status)
}

fn unescape(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Where the page's form posts to.
fn form_action(html: &str) -> Option<String> {
    let form = html.split("<form").nth(1)?;
    let action = form.split("action=\"").nth(1)?.split('"').next()?;
    Some(unescape(action))
}

/// The hidden fields of the page's form, unescaped.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split_once('"')?.0;
            Some((name.to_owned(), unescape(value)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_fields_are_read_and_unescaped() {
        let html = r#"<form action="/oauth/authorize"><input type="hidden" name="state" value="a&amp;b"><input type="hidden" name="redirect_uri" value="http://127.0.0.1:1/cb"><input type="text" name="login" value="x"></form>"#;
        assert_eq!(
            hidden_fields(html),
            vec![
                ("state".to_owned(), "a&b".to_owned()),
                (
                    "redirect_uri".to_owned(),
                    "http://127.0.0.1:1/cb".to_owned()
                )
            ]
        );
        assert_eq!(form_action(html).as_deref(), Some("/oauth/authorize"));
    }
}
