//! Schedules: a run written as a line of tokens, one per step.
//!
//! `r0 r0 w1 w0 w0:timeout t3:release` reads "requester 0 steps twice,
//! worker 1 steps, worker 0 steps, worker 0's wait times out, the user
//! releases task 3". The text is short enough for a URL, editable by hand,
//! and [`format`] then [`parse`] gives back the same actions exactly.
//!
//! The actors of PROTOCOL.md sections 8 to 12 have tokens too: `s0`
//! (spawner 0), `c1` and `c1:give-up` (looping caller 1), `d0` (the
//! dropper), `t2:wake` (the outside waker of task 2) and `t2:fire-w0`
//! (task 2's timer fires on worker 0).

use crate::model::Action;
use std::fmt;

/// A token of a schedule that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleError {
    /// The token's position, counting from 1.
    pub position: usize,
    /// The token as written.
    pub token: String,
    /// Why it was refused.
    pub reason: String,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "schedule token {} `{}`: {}",
            self.position, self.token, self.reason
        )
    }
}

impl std::error::Error for ScheduleError {}

/// The token for one action.
pub fn token(action: Action) -> String {
    match action {
        Action::Worker(index) => format!("w{index}"),
        Action::Requester(index) => format!("r{index}"),
        Action::Timeout(index) => format!("w{index}:timeout"),
        Action::Cancel(index) => format!("r{index}:cancel"),
        Action::Release(index) => format!("t{index}:release"),
        Action::Wake(index) => format!("w{index}:wake"),
        Action::Timer { task, worker } => format!("t{task}:fire-w{worker}"),
        Action::Spawner(index) => format!("s{index}"),
        Action::OutsideWake(task) => format!("t{task}:wake"),
        Action::Dropper => "d0".to_owned(),
        Action::Caller(index) => format!("c{index}"),
        Action::GiveUp(index) => format!("c{index}:give-up"),
    }
}

/// Writes a schedule as text.
pub fn format(actions: &[Action]) -> String {
    let tokens: Vec<String> = actions.iter().copied().map(token).collect();
    tokens.join(" ")
}

/// Reads one token.
pub fn parse_token(text: &str) -> Result<Action, String> {
    let (head, modifier) = match text.split_once(':') {
        Some((head, modifier)) => (head, Some(modifier)),
        None => (text, None),
    };
    let mut chars = head.chars();
    let kind = chars
        .next()
        .ok_or_else(|| "empty token; expected something like w0 or r1".to_owned())?;
    let digits = chars.as_str();
    let unknown = || {
        format!(
            "unknown actor `{kind}`; expected w (worker), r (requester), t (task), \
             s (spawner), c (caller) or d (dropper), then an index, such as `w0`"
        )
    };
    if !matches!(kind, 'w' | 'r' | 't' | 's' | 'c' | 'd') {
        return Err(unknown());
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 2 {
        return Err(format!(
            "expected a letter and an index such as `{kind}0`, not `{head}`"
        ));
    }
    let index: u8 = digits
        .parse()
        .map_err(|_| format!("index `{digits}` is not a number"))?;
    match (kind, modifier) {
        ('w', None) => Ok(Action::Worker(index)),
        ('w', Some("timeout")) => Ok(Action::Timeout(index)),
        ('w', Some("wake")) => Ok(Action::Wake(index)),
        ('r', None) => Ok(Action::Requester(index)),
        ('r', Some("cancel")) => Ok(Action::Cancel(index)),
        ('t', Some("release")) => Ok(Action::Release(index)),
        ('t', Some("wake")) => Ok(Action::OutsideWake(index)),
        ('t', Some(fire)) if fire.starts_with("fire-w") => {
            let worker = &fire["fire-w".len()..];
            if worker.is_empty() || worker.len() > 2 || !worker.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("`:{fire}` needs a worker index, such as `:fire-w0`"));
            }
            let worker: u8 = worker
                .parse()
                .map_err(|_| format!("worker index `{worker}` is not a number"))?;
            Ok(Action::Timer { task: index, worker })
        }
        ('s', None) => Ok(Action::Spawner(index)),
        ('c', None) => Ok(Action::Caller(index)),
        ('c', Some("give-up")) => Ok(Action::GiveUp(index)),
        ('d', None) if index == 0 => Ok(Action::Dropper),
        ('d', None) => Err("there is one dropper: `d0`".to_owned()),
        ('t', None) => Err(
            "a task takes no step of its own; did you mean `t{index}:release`, `t{index}:wake` or `t{index}:fire-w0`?"
                .replace("{index}", digits),
        ),
        ('w' | 'r' | 't' | 's' | 'c' | 'd', Some(other)) => Err(format!(
            "unknown modifier `:{other}` for `{kind}`; workers take `:timeout` or `:wake`, \
             requesters `:cancel`, tasks `:release`, `:wake` or `:fire-wN`, callers `:give-up`"
        )),
        _ => Err(unknown()),
    }
}

/// Reads a schedule: tokens separated by spaces, commas or `+` (as a URL
/// may encode spaces).
pub fn parse(text: &str) -> Result<Vec<Action>, ScheduleError> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '+')
        .filter(|token| !token.is_empty())
        .enumerate()
        .map(|(index, token)| {
            parse_token(token).map_err(|reason| ScheduleError {
                position: index + 1,
                token: token.to_owned(),
                reason,
            })
        })
        .collect()
}
