//! Challenges: goals a run can reach, each decided by a predicate over
//! core's [`Run`] at its cursor (its state, its status and the events of
//! the steps taken so far). The page's Challenges panel loads on demand:
//! while it is open, the page sends the run on its stage, its link and
//! the record of wins it keeps in the browser's storage ([`Progress`]'s
//! text), and [`answer`] decides which challenges that moment wins, adds
//! them to the record, and writes the panel's list as markup.

use crate::files::{self, ExportRequest};
use rendezvous_core::markup::escape;
use rendezvous_core::{Event, Property, Run, Status, Variant};

/// One challenge.
#[derive(Clone, Copy, Debug)]
pub struct Challenge {
    /// A short stable id, used in test ids and in storage.
    pub id: &'static str,
    /// The goal, as the page states it.
    pub title: &'static str,
    /// A hint at how.
    pub hint: &'static str,
    /// The built-in scenario to play.
    pub scenario: &'static str,
    /// The variant it must run under, when it matters.
    pub variant: Option<Variant>,
    /// Whether the run, at its cursor, meets the goal (scenario and
    /// variant are checked by [`Challenge::is_won`]).
    goal: fn(&Run) -> bool,
}

impl Challenge {
    /// Whether `run`, at its cursor, wins this challenge.
    pub fn is_won(&self, run: &Run) -> bool {
        let model = run.model();
        model.scenario().name == self.scenario
            && self
                .variant
                .is_none_or(|variant| model.variant() == variant)
            && (self.goal)(run)
    }

    /// The link that starts the challenge: its scenario (and variant).
    pub fn start_fragment(&self) -> String {
        match self.variant {
            Some(variant) => format!("scenario={}&variant={}", self.scenario, variant.name()),
            None => format!("scenario={}", self.scenario),
        }
    }
}

/// The challenges, in the order the page lists them.
pub const CHALLENGES: &[Challenge] = &[
    Challenge {
        id: "leader-while-running",
        title: "Make a leader trace while a task is still running",
        hint: "wedged-worker under tokio (Tokio 1.35–1.53): let W0's wait at trace_start time out while W1 is stuck, then let it arrive again.",
        scenario: "wedged-worker",
        variant: Some(Variant::Tokio),
        goal: leader_traced_while_running,
    },
    Challenge {
        id: "dump-never-returns",
        title: "Make dump() never return",
        hint: "no-nudge: the requester never unparks the workers. Step until nothing can move.",
        scenario: "no-nudge",
        variant: None,
        goal: deadlocked,
    },
    Challenge {
        id: "permit-delivers",
        title: "Get the dump delivered by a stored permit",
        hint: "early-result: let the leader signal result_ready before the requester waits, then let the requester take the slot.",
        scenario: "early-result",
        variant: None,
        goal: delivered_by_permit,
    },
    Challenge {
        id: "someone-elses-dump",
        title: "Hand a caller a dump traced for someone else's request",
        hint: "plain-store: let both requesters store true, let the workers trace and stash one dump, then let the slower requester take it.",
        scenario: "plain-store",
        variant: Some(Variant::PlainStore),
        goal: own_result_broken,
    },
    Challenge {
        id: "poll-during-walk",
        title: "Make a worker poll a task while the leader walks, with no timeout at all",
        hint: "no-end-barrier: once W1 leads and walks the tasks, let W0 leave trace_core and go back to its queue.",
        scenario: "no-end-barrier",
        variant: Some(Variant::NoEndBarrier),
        goal: leader_traced_while_running,
    },
];

/// The challenge with this id.
pub fn challenge(id: &str) -> Option<&'static Challenge> {
    CHALLENGES.iter().find(|challenge| challenge.id == id)
}

/// S1 (no worker polls while the leader traces) has broken by the cursor:
/// through the leaky timeout under the tokio preset, or with no end barrier.
fn leader_traced_while_running(run: &Run) -> bool {
    run.moment().ever_broken.contains(Property::S1)
}

/// S3 (every dump returned was traced for its own request) has broken by
/// the cursor.
fn own_result_broken(run: &Run) -> bool {
    run.moment().ever_broken.contains(Property::S3)
}

/// Nothing can move and a requester still waits for its dump.
fn deadlocked(run: &Run) -> bool {
    run.status() == Status::Deadlock
}

/// A requester consumed a stored permit and then took a dump from the slot.
fn delivered_by_permit(run: &Run) -> bool {
    let mut consumed = Vec::new();
    for index in 0..run.cursor() {
        for event in run.events_of(index) {
            match *event {
                Event::PermitConsumed { requester } => consumed.push(requester),
                Event::SlotTaken {
                    requester,
                    tasks: Some(_),
                } if consumed.contains(&requester) => return true,
                _ => {}
            }
        }
    }
    false
}

/// What the browser keeps: for each challenge won, the link (URL
/// fragment) of the winning moment. One `id fragment` pair per line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// `(challenge id, winning fragment)`, in the order won.
    pub won: Vec<(String, String)>,
}

impl Progress {
    /// Reads the stored text; lines that are not a known challenge are
    /// skipped (a newer page may know more).
    pub fn parse(text: &str) -> Progress {
        let mut won: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            let Some((id, fragment)) = line.split_once(' ') else {
                continue;
            };
            if challenge(id).is_some() && !won.iter().any(|(known, _)| known == id) {
                won.push((id.to_owned(), fragment.trim().to_owned()));
            }
        }
        Progress { won }
    }

    /// The text to store.
    pub fn format(&self) -> String {
        self.won
            .iter()
            .map(|(id, fragment)| format!("{id} {fragment}\n"))
            .collect()
    }

    /// The winning link of challenge `id`, if won.
    pub fn winning_fragment(&self, id: &str) -> Option<&str> {
        self.won
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, fragment)| fragment.as_str())
    }

    /// Records the challenges `run` wins now, with `fragment`; returns
    /// whether anything new was won.
    pub fn record(&mut self, run: &Run, fragment: &str) -> bool {
        let mut changed = false;
        for challenge in CHALLENGES {
            if challenge.is_won(run) && self.winning_fragment(challenge.id).is_none() {
                self.won
                    .push((challenge.id.to_owned(), fragment.to_owned()));
                changed = true;
            }
        }
        changed
    }
}

/// The panel for the run `run` names, shown by the page at its link
/// `fragment`, with the record of wins `record` (the text the page keeps):
/// the list as markup, and the record with what this moment wins added.
///
/// The markup: one `challenge-<id>` item per challenge (`data-won`), its
/// goal, a *Try it* link (`challenge-<id>-start`) and hint; `challenge-won`
/// when this moment meets its goal; the winning moment's link
/// (`challenge-<id>-link`) once won. Every text is escaped.
///
/// Errors: the run cannot be rebuilt (core's sentence).
pub fn answer(
    run: &ExportRequest,
    fragment: &str,
    record: &str,
) -> Result<(String, String), String> {
    let run = files::run_of(run)?;
    let mut progress = Progress::parse(record);
    progress.record(&run, fragment);
    let mut html = String::from("<ul>");
    for challenge in CHALLENGES {
        let id = challenge.id;
        let winning = progress.winning_fragment(id);
        html += &format!(
            "<li class=\"challenge{}\" data-testid=\"challenge-{id}\" data-won=\"{}\">\
<strong>{}</strong> <a href=\"#{}\" data-testid=\"challenge-{id}-start\">Try it</a>\
<p class=\"hint\">{}</p>",
            if winning.is_some() { " won" } else { "" },
            winning.is_some(),
            escape(challenge.title),
            escape(&challenge.start_fragment()),
            escape(challenge.hint),
        );
        if challenge.is_won(&run) {
            html += "<p class=\"won-now\" data-testid=\"challenge-won\" role=\"status\">Won! This moment meets the goal.</p>";
        }
        if let Some(fragment) = winning {
            html += &format!(
                "<p>Won with <a href=\"#{}\" data-testid=\"challenge-{id}-link\">this schedule</a></p>",
                escape(fragment)
            );
        }
        html += "</li>";
    }
    html += "</ul>";
    Ok((html, progress.format()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_web::state::{Action, Playground, Settings};
    use std::rc::Rc;
    use yew::Reducible;

    fn stepped(name: &str, steps: usize) -> Rc<Playground> {
        let mut playground = Rc::new(Playground::new(Settings::builtin(name).unwrap()));
        for _ in 0..steps {
            playground = playground.reduce(Action::Step);
        }
        playground
    }

    fn won(playground: &Playground) -> Vec<&'static str> {
        CHALLENGES
            .iter()
            .filter(|challenge| challenge.is_won(playground.run()))
            .map(|challenge| challenge.id)
            .collect()
    }

    /// A winning run of `challenge`: the scenario's own run, or for the
    /// ones it does not win, a schedule the checker found.
    fn winning(challenge: &Challenge) -> Rc<Playground> {
        let schedule = match challenge.id {
            "someone-elses-dump" => {
                "r0 r0 r0 w0 w0 w0 w0 w0 w0 w1 w1 w1 w1 w1 w1 w1 w1 w1 w1 w1 w1 w1 r1 r1"
            }
            _ => return stepped(challenge.scenario, 200),
        };
        let steps = schedule.split(' ').count();
        let fragment = format!(
            "{}&schedule={}&step={steps}",
            challenge.start_fragment(),
            schedule.replace(' ', "+")
        );
        stepped(challenge.scenario, 0).reduce(Action::LoadFragment(fragment))
    }

    #[test]
    fn each_challenge_is_won_in_its_scenario_and_not_at_the_start() {
        for challenge in CHALLENGES {
            let start = stepped(challenge.scenario, 0);
            assert!(!challenge.is_won(start.run()), "{}", challenge.id);
            let end = winning(challenge);
            assert_eq!(end.error(), None, "{}", challenge.id);
            assert_eq!(won(&end), vec![challenge.id]);
        }
    }

    #[test]
    fn the_scenarios_own_run_does_not_hand_over_someone_elses_dump() {
        assert!(won(&stepped("plain-store", 200)).is_empty());
    }

    #[test]
    fn the_fixed_barrier_does_not_win_the_leader_challenge() {
        let playground = stepped("wedged-worker", 0).reduce(Action::ChooseVariant(Variant::Fixed));
        let mut playground = playground;
        for _ in 0..200 {
            playground = playground.reduce(Action::Step);
        }
        assert!(won(&playground).is_empty());
    }

    #[test]
    fn rewinding_before_the_permit_is_not_a_win() {
        let playground = stepped("early-result", 200);
        assert_eq!(won(&playground), vec!["permit-delivers"]);
        let before = playground.reduce(Action::Seek(18));
        assert!(won(&before).is_empty());
    }

    #[test]
    fn progress_reads_back_what_it_wrote_and_skips_strangers() {
        let playground = stepped("no-nudge", 10);
        let mut progress = Progress::parse("nonsense\nunknown-id #x\n");
        assert!(progress.won.is_empty());
        assert!(progress.record(playground.run(), &playground.fragment()));
        assert!(!progress.record(playground.run(), "again"));
        let back = Progress::parse(&progress.format());
        assert_eq!(back, progress);
        assert_eq!(
            back.winning_fragment("dump-never-returns"),
            Some(playground.fragment().as_str())
        );
    }

    #[test]
    fn the_panel_says_what_this_moment_wins_and_keeps_the_record() {
        let playground = stepped("no-nudge", 10);
        let parts = playground.run_parts();
        let run = ExportRequest {
            scenario: parts.scenario.clone(),
            built: parts.built.clone(),
            variant: parts.variant,
            workers: parts.workers,
            assumptions: parts.assumptions,
            schedule: parts.schedule.clone(),
            cursor: parts.cursor,
        };
        let fragment = playground.fragment();
        let (html, record) = answer(&run, &fragment, "").unwrap();
        assert_eq!(record, format!("dump-never-returns {fragment}\n"));
        assert!(html.contains(r#"data-testid="challenge-dump-never-returns" data-won="true""#));
        assert!(html.contains(r#"data-testid="challenge-won""#));
        assert!(html.contains(&format!(
            r##"<a href="#{}" data-testid="challenge-dump-never-returns-link">"##,
            escape(&fragment)
        )));
        assert_eq!(html.matches("<li ").count(), CHALLENGES.len());
        assert!(html.contains(r#"data-testid="challenge-leader-while-running" data-won="false""#));
        // At the start nothing is won now, and the record is kept.
        let start = ExportRequest {
            schedule: String::new(),
            cursor: 0,
            ..run.clone()
        };
        let (html, kept) = answer(&start, "scenario=no-nudge", &record).unwrap();
        assert_eq!(kept, record);
        assert!(!html.contains("challenge-won"));
        assert!(html.contains(r#"data-won="true""#));
        // A run that cannot be rebuilt is refused with core's sentence.
        let bad = ExportRequest {
            scenario: "no-such".to_owned(),
            ..run
        };
        assert!(answer(&bad, "", "").is_err());
    }
}
