//! `closecodes search`: rows whose text has every word asked, however names are written.

/// `text` as lower-case words: punctuation and underscores split words, and so does a capital
/// after a small letter (`TooManyRequests` is "too many requests").
pub(crate) fn words_of(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && previous_lower {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            word.extend(c.to_lowercase());
        } else {
            previous_lower = false;
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether every query word starts a word of `text`, or starts a run of its words written
/// together: "rate limit" and "ratelimited" both find `RateLimited`; "rate" does not find
/// "separate".
pub(crate) fn matches(query: &[String], text: &str) -> bool {
    let words = words_of(text);
    query.iter().all(|wanted| {
        (0..words.len()).any(|start| {
            let mut run = String::new();
            for word in &words[start..] {
                run.push_str(word);
                if run.starts_with(wanted.as_str()) {
                    return true;
                }
                if !wanted.starts_with(run.as_str()) {
                    return false;
                }
            }
            false
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Vec<String> {
        words_of(text)
    }

    #[test]
    fn names_however_written() {
        for asked in [
            "rate limit",
            "RATE-limit",
            "ratelimited",
            "rate_limited",
            "Rate",
        ] {
            assert!(matches(&query(asked), "RateLimited"), "{asked}");
        }
        assert!(matches(&query("too many"), "TooManyInitialisationRequests"));
    }

    #[test]
    fn words_start_where_the_text_starts_a_word() {
        assert!(!matches(&query("rate"), "separate accurate"));
        assert!(!matches(&query("rate banana"), "RateLimited"));
        assert!(!matches(&query("limitedrate"), "RateLimited"));
    }
}
