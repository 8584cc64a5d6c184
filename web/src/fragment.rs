//! The URL fragment that holds a whole run:
//! `#scenario=wedged-worker&variant=tokio&workers=2&schedule=r0+w0&step=12`
//! (plus `seed=7` for a random run, and `presenter=1` for the presenter
//! view).
//!
//! Reading is strict: an unknown key, a repeated key or a value that is not
//! a number is refused with a sentence naming it, so a mistyped link says
//! what is wrong instead of silently showing something else. Checking the
//! values against the scenario list is the state's job.

/// The settings a fragment names; absent keys are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fragment {
    /// A built-in scenario's name.
    pub scenario: Option<String>,
    /// A scenario built in the page, as its link code
    /// (`rendezvous_core::Scenario::to_link_code`: only characters a URL
    /// fragment keeps as they are).
    pub built: Option<String>,
    /// A variant's name.
    pub variant: Option<String>,
    /// The number of workers.
    pub workers: Option<usize>,
    /// The recorded run as a schedule (tokens joined by `+`).
    pub schedule: Option<String>,
    /// The cursor.
    pub step: Option<usize>,
    /// The seed of a random run.
    pub seed: Option<u64>,
    /// The timing assumption's name, when not the default.
    pub timing: Option<String>,
    /// The activity assumption's name, when not the default.
    pub activity: Option<String>,
    /// The cancel assumption's name, when not the default.
    pub cancel: Option<String>,
    /// The stop of the scenario's guided tour (0-based).
    pub tour: Option<usize>,
    /// The presenter view (`presenter=1`; `presenter=0`, or no key, is the
    /// full playground).
    pub presenter: Option<bool>,
}

impl Fragment {
    /// Whether the fragment names nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == Fragment::default()
    }

    /// Reads a fragment, with or without its leading `#`.
    pub fn parse(text: &str) -> Result<Fragment, String> {
        let text = text.strip_prefix('#').unwrap_or(text);
        let mut fragment = Fragment::default();
        for pair in text.split('&').filter(|pair| !pair.is_empty()) {
            let Some((key, raw)) = pair.split_once('=') else {
                return Err(format!(
                    "the link's `{}` is not a key=value pair",
                    shorten(pair)
                ));
            };
            let value = percent_decode(raw);
            let duplicate = |key: &str| format!("the link names `{key}` twice");
            match key {
                "scenario" => set_once(&mut fragment.scenario, value, || duplicate(key))?,
                "built" => set_once(&mut fragment.built, value, || duplicate(key))?,
                "variant" => set_once(&mut fragment.variant, value, || duplicate(key))?,
                "schedule" => set_once(&mut fragment.schedule, value, || duplicate(key))?,
                "timing" => set_once(&mut fragment.timing, value, || duplicate(key))?,
                "activity" => set_once(&mut fragment.activity, value, || duplicate(key))?,
                "cancel" => set_once(&mut fragment.cancel, value, || duplicate(key))?,
                "workers" => {
                    let workers = number(key, &value, usize::MAX as u64)? as usize;
                    set_once(&mut fragment.workers, workers, || duplicate(key))?
                }
                "step" => {
                    let step = number(key, &value, usize::MAX as u64)? as usize;
                    set_once(&mut fragment.step, step, || duplicate(key))?
                }
                "tour" => {
                    let stop = number(key, &value, usize::MAX as u64)? as usize;
                    set_once(&mut fragment.tour, stop, || duplicate(key))?
                }
                "seed" => {
                    let seed = number(key, &value, u64::MAX)?;
                    set_once(&mut fragment.seed, seed, || duplicate(key))?
                }
                "presenter" => {
                    let on = match value.as_str() {
                        "1" => true,
                        "0" => false,
                        other => {
                            return Err(format!(
                                "the link's `presenter` is `{}`; expected 1 (the presenter \
                                 view) or 0",
                                shorten(other)
                            ))
                        }
                    };
                    set_once(&mut fragment.presenter, on, || duplicate(key))?
                }
                other => {
                    return Err(format!(
                        "the link has an unknown key `{}`; expected scenario, built, \
                         variant, workers, timing, activity, cancel, seed, schedule, step, tour or presenter",
                        shorten(other)
                    ))
                }
            }
        }
        // `format` leaves an empty schedule out, so read one of no moves
        // (nothing but separators) as absent: otherwise `seed=4&schedule=`
        // would show an empty run while the link the page writes for it,
        // `seed=4`, records the seed's run. A malformed schedule stays, for
        // the state to refuse with its message.
        fragment.schedule = fragment.schedule.filter(|schedule| {
            rendezvous_core::schedule::parse(schedule).map_or(true, |moves| !moves.is_empty())
        });
        Ok(fragment)
    }

    /// Writes the fragment, without the leading `#`, keys in a fixed order.
    pub fn format(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(scenario) = &self.scenario {
            pairs.push(format!("scenario={scenario}"));
        }
        if let Some(code) = &self.built {
            pairs.push(format!("built={code}"));
        }
        if let Some(variant) = &self.variant {
            pairs.push(format!("variant={variant}"));
        }
        if let Some(workers) = self.workers {
            pairs.push(format!("workers={workers}"));
        }
        for (key, value) in [
            ("timing", &self.timing),
            ("activity", &self.activity),
            ("cancel", &self.cancel),
        ] {
            if let Some(value) = value {
                pairs.push(format!("{key}={value}"));
            }
        }
        if let Some(seed) = self.seed {
            pairs.push(format!("seed={seed}"));
        }
        if let Some(schedule) = self.schedule.as_deref().filter(|text| !text.is_empty()) {
            pairs.push(format!("schedule={}", schedule.replace(' ', "+")));
        }
        if let Some(step) = self.step {
            pairs.push(format!("step={step}"));
        }
        if let Some(stop) = self.tour {
            pairs.push(format!("tour={stop}"));
        }
        if let Some(on) = self.presenter {
            pairs.push(format!("presenter={}", u8::from(on)));
        }
        pairs.join("&")
    }
}

fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    duplicate: impl Fn() -> String,
) -> Result<(), String> {
    if slot.is_some() {
        return Err(duplicate());
    }
    *slot = Some(value);
    Ok(())
}

/// A whole number from 0 to `max` (a count or position is at most
/// `usize::MAX`, 32 bits in the browser, where a wider one used to wrap).
fn number(key: &str, value: &str, max: u64) -> Result<u64, String> {
    value
        .parse()
        .ok()
        .filter(|number| *number <= max)
        .ok_or_else(|| {
            format!(
                "the link's `{key}` is `{}`, which is not a whole number from 0 to {max}",
                shorten(value)
            )
        })
}

/// At most 40 characters of user input, for messages.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        let head: String = text.chars().take(40).collect();
        format!("{head}…")
    }
}

/// Decodes `%XX` escapes; anything malformed is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_reads_back_what_it_wrote() {
        let fragment = Fragment {
            scenario: Some("wedged-worker".into()),
            variant: Some("tokio".into()),
            workers: Some(2),
            schedule: Some("r0 w0 w1:timeout".into()),
            step: Some(2),
            seed: Some(7),
            ..Fragment::default()
        };
        let text = fragment.format();
        assert_eq!(
            text,
            "scenario=wedged-worker&variant=tokio&workers=2&seed=7&schedule=r0+w0+w1:timeout&step=2"
        );
        let back = Fragment::parse(&format!("#{text}")).unwrap();
        assert_eq!(back.schedule.as_deref(), Some("r0+w0+w1:timeout"));
        assert_eq!(back.step, Some(2));
        assert_eq!(back.seed, Some(7));
    }

    /// Found by the `fragment_restore` fuzz target: a seeded link with an
    /// empty schedule opened an empty run, but the link the page wrote for
    /// it (without the empty schedule) reopened the seed's random run.
    #[test]
    fn an_empty_schedule_reads_as_no_schedule() {
        let fragment = Fragment::parse("#scenario=abandoned-dump&seed=4&schedule=&step=0").unwrap();
        assert_eq!(fragment.schedule, None);
        assert_eq!(Fragment::parse(&fragment.format()).unwrap(), fragment);
        assert!(Fragment::parse("#schedule=&schedule=r0")
            .unwrap_err()
            .contains("twice"));
    }

    #[test]
    fn the_presenter_key_reads_one_or_zero_and_nothing_else() {
        let on = Fragment::parse("#scenario=wedged-worker&step=3&presenter=1").unwrap();
        assert_eq!(on.presenter, Some(true));
        assert_eq!(on.format(), "scenario=wedged-worker&step=3&presenter=1");
        assert_eq!(
            Fragment::parse("#presenter=0").unwrap().presenter,
            Some(false)
        );
        // Links written before the key existed open as they always did.
        assert_eq!(
            Fragment::parse("#scenario=wedged-worker&step=3")
                .unwrap()
                .presenter,
            None
        );
        for bad in ["#presenter=yes", "#presenter=", "#presenter=2"] {
            let error = Fragment::parse(bad).unwrap_err();
            assert!(
                error.contains("presenter") && error.contains("expected 1"),
                "{error}"
            );
        }
        assert!(Fragment::parse("#presenter=1&presenter=1")
            .unwrap_err()
            .contains("twice"));
    }

    /// Found by the `fragment_restore` fuzz target: `schedule=+` (a
    /// schedule of separators only) is as empty as `schedule=`.
    #[test]
    fn a_schedule_of_no_moves_reads_as_no_schedule() {
        for text in ["#schedule=+", "#schedule=%20,+", "#tour=3&schedule=++"] {
            assert_eq!(Fragment::parse(text).unwrap().schedule, None, "{text}");
        }
        assert_eq!(
            Fragment::parse("#schedule=w9+q0")
                .unwrap()
                .schedule
                .as_deref(),
            Some("w9+q0")
        );
    }

    #[test]
    fn bad_fragments_say_what_is_wrong() {
        assert!(Fragment::parse("#step=abc").unwrap_err().contains("step"));
        let max = usize::MAX;
        assert_eq!(
            Fragment::parse("#workers=99999999999999999999").unwrap_err(),
            format!(
                "the link's `workers` is `99999999999999999999`, which is not a whole \
                 number from 0 to {max}"
            )
        );
        assert!(Fragment::parse("#tour=-1")
            .unwrap_err()
            .contains("`-1`, which is not a whole number"));
        assert!(Fragment::parse("#nonsense")
            .unwrap_err()
            .contains("key=value"));
        assert!(Fragment::parse("#colour=red")
            .unwrap_err()
            .contains("colour"));
        assert!(Fragment::parse("#step=1&step=2")
            .unwrap_err()
            .contains("twice"));
        assert!(Fragment::parse("").unwrap().is_empty());
        assert_eq!(
            Fragment::parse("#schedule=w0%3Atimeout")
                .unwrap()
                .schedule
                .as_deref(),
            Some("w0:timeout")
        );
    }
}
