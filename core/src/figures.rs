//! Numbers written for people, the same in the page's stage, the checker
//! panel's report (written by the checker's wasm), the CLI's frames and the
//! core's examples: counts with their nouns, thousands grouped by commas,
//! durations in the unit that reads best.

/// `count` and the noun for it, singular for exactly one, the count's
/// thousands grouped by commas: `1 worker`, `0 steps`, `1,234 states`.
/// The caller gives both forms, so irregular plurals read right.
pub fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(count), if count == 1 { one } else { many })
}

/// A whole number with its thousands grouped by commas: `999`, `1,000`,
/// `1,234,567`. No sign and no fraction: `number` is unsigned.
pub fn grouped(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A duration given in milliseconds, for people: whole milliseconds under
/// a second (`340 ms`), seconds to one decimal, truncated, under a minute
/// (`2.4 s`), whole seconds grouped by commas beyond (`95 s`, `1,234 s`).
pub fn duration(milliseconds: u64) -> String {
    match milliseconds {
        0..=999 => format!("{milliseconds} ms"),
        1_000..=59_999 => format!("{}.{} s", milliseconds / 1000, milliseconds % 1000 / 100),
        _ => format!("{} s", grouped(milliseconds / 1000)),
    }
}

#[cfg(test)]
mod tests {
    use super::{duration, grouped, plural};

    #[test]
    fn counts_agree_with_their_nouns_and_group_their_thousands() {
        assert_eq!(plural(1, "worker", "workers"), "1 worker");
        assert_eq!(plural(2, "worker", "workers"), "2 workers");
        assert_eq!(plural(0, "step", "steps"), "0 steps");
        assert_eq!(plural(1_234_567, "state", "states"), "1,234,567 states");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn durations_take_the_unit_that_reads_best() {
        assert_eq!(duration(0), "0 ms");
        assert_eq!(duration(340), "340 ms");
        assert_eq!(duration(999), "999 ms");
        assert_eq!(duration(1_000), "1.0 s");
        assert_eq!(duration(2_450), "2.4 s");
        assert_eq!(duration(59_999), "59.9 s");
        assert_eq!(duration(95_000), "95 s");
        assert_eq!(duration(1_234_000), "1,234 s");
    }
}
