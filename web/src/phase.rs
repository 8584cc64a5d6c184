//! Where a dump stands: the phases a `Handle::dump()` call goes through,
//! derived from the state alone (the workers' program counters, the
//! barriers' counts, the slot and the requester's own program counter), so
//! a newcomer sees what the many small steps add up to.
//!
//! The phases follow PROTOCOL.md section 3: the requester raises the flag;
//! the workers that see it gather at `trace_start`; the last to arrive
//! leads and traces every task; it stashes the dump in `trace_result` and
//! notifies `result_ready`; the workers leave through `trace_end`; the
//! requester takes the dump and returns.

use rendezvous_core::model::in_walk;
use rendezvous_core::state::{RequesterPc, State, WorkerPc};

/// One phase of a dump, in the order a dump goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// The requester is raising the flag, or it is up and no worker has
    /// reached `trace_start` yet.
    Requested,
    /// Workers are arriving at `trace_start`.
    Gathering,
    /// The leader walks the tasks and traces them.
    Tracing,
    /// The dump is in `trace_result` and `result_ready` is (being)
    /// notified.
    Stashed,
    /// The workers pass `trace_end` and go back to their tasks.
    Leaving,
    /// The requester holds its dump; `dump()` returns (or has returned).
    Returned,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 6] = [
        Phase::Requested,
        Phase::Gathering,
        Phase::Tracing,
        Phase::Stashed,
        Phase::Leaving,
        Phase::Returned,
    ];

    /// The phase's words on the strip.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Requested => "requested",
            Phase::Gathering => "gathering at trace_start",
            Phase::Tracing => "leader tracing",
            Phase::Stashed => "result stashed and notified",
            Phase::Leaving => "leaving trace_end",
            Phase::Returned => "returned",
        }
    }

    /// The phase's name in `data-phase` attributes.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Requested => "requested",
            Phase::Gathering => "gathering",
            Phase::Tracing => "tracing",
            Phase::Stashed => "stashed",
            Phase::Leaving => "leaving",
            Phase::Returned => "returned",
        }
    }

    /// What the phase means, for a tooltip.
    pub fn meaning(self) -> &'static str {
        match self {
            Phase::Requested => {
                "the requester sets trace_requested; workers see it at their next check"
            }
            Phase::Gathering => {
                "workers that saw the flag arrive at the trace_start barrier and wait"
            }
            Phase::Tracing => "the last arrival leads: it walks every task and traces it, alone",
            Phase::Stashed => "the leader puts the dump in trace_result and notifies result_ready",
            Phase::Leaving => "the workers pass the trace_end barrier and go back to work",
            Phase::Returned => "the requester took the dump from trace_result: dump() returns",
        }
    }
}

/// Where the runtime's dump stands, apart from any one requester: the
/// furthest phase some worker or the slot shows, or `None` when no dump is
/// under way.
pub fn runtime_phase(state: &State) -> Option<Phase> {
    let any = |test: fn(WorkerPc) -> bool| state.workers.iter().any(|worker| test(worker.pc));
    let walking = state
        .workers
        .iter()
        .any(|worker| in_walk(worker.pc, worker.lock_resume) || worker.pc == WorkerPc::Stash);
    if walking {
        return Some(Phase::Tracing);
    }
    // The leader notifies `result_ready` after stashing; the others may
    // already wait at `trace_end`.
    if any(|pc| pc == WorkerPc::NotifyResult) {
        return Some(Phase::Stashed);
    }
    // Workers passing `trace_end`; or all of them gone with the dump still
    // in the slot, waiting for its requester.
    if any(|pc| matches!(pc, WorkerPc::EndArrive | WorkerPc::EndWait))
        || state.trace_result.is_some()
    {
        return Some(Phase::Leaving);
    }
    let gathering = state.trace_start.count > 0
        || any(|pc| {
            matches!(
                pc,
                WorkerPc::TraceBegin | WorkerPc::StartArrive | WorkerPc::StartWait
            )
        });
    if gathering {
        return Some(Phase::Gathering);
    }
    state.trace_requested.then_some(Phase::Requested)
}

/// Where requester `index`'s dump stands, or `None` when it is not in
/// flight and has not returned one (not started, or its caller gave up).
pub fn requester_phase(state: &State, index: usize) -> Option<Phase> {
    let requester = state.requesters.get(index)?;
    match requester.pc {
        RequesterPc::NotStarted | RequesterPc::Cancelled => None,
        RequesterPc::Done => Some(Phase::Returned),
        // Still raising the flag (or backing off behind another dump).
        RequesterPc::Cas | RequesterPc::Backoff => Some(Phase::Requested),
        // Its dump in hand, clearing the flag: it returns once the workers
        // are out of `trace_end`.
        RequesterPc::Clear | RequesterPc::ClearBackoff => {
            let leaving = state.workers.iter().any(|worker| {
                matches!(
                    worker.pc,
                    WorkerPc::NotifyResult | WorkerPc::EndArrive | WorkerPc::EndWait
                )
            });
            Some(if leaving {
                Phase::Leaving
            } else {
                Phase::Returned
            })
        }
        // Waiting for a dump: the runtime's phase, which cannot yet be
        // "returned".
        RequesterPc::Take | RequesterPc::Nudge | RequesterPc::Wait => {
            Some(runtime_phase(state).unwrap_or(Phase::Requested))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::{Policy, Run, Scenario};

    fn run_of(name: &str) -> Run {
        let scenario = Scenario::builtin(name, None).unwrap();
        let variant = scenario.variant;
        Run::new(scenario, variant, Default::default()).unwrap()
    }

    /// The phases requester 0 goes through in a run, each once, in order
    /// of first appearance.
    fn phases_of(mut run: Run, steps: usize) -> Vec<Phase> {
        let mut seen: Vec<Phase> = Vec::new();
        for _ in 0..steps {
            if let Some(phase) = requester_phase(run.state(), 0) {
                if seen.last() != Some(&phase) {
                    seen.push(phase);
                }
            }
            if run.advance(&mut Policy::RoundRobin).unwrap().is_none() {
                break;
            }
        }
        seen
    }

    #[test]
    fn a_quiet_dump_goes_through_every_phase_in_order() {
        let seen = phases_of(run_of("quiet-runtime"), 400);
        assert_eq!(seen, Phase::ALL.to_vec(), "{seen:?}");
    }

    #[test]
    fn each_phase_is_read_from_the_state() {
        let mut state = *run_of("quiet-runtime").state();
        assert_eq!(requester_phase(&state, 0), Some(Phase::Requested));
        assert_eq!(runtime_phase(&state), None);
        state.trace_requested = true;
        state.requesters[0].pc = RequesterPc::Wait;
        assert_eq!(requester_phase(&state, 0), Some(Phase::Requested));
        state.workers[0].pc = WorkerPc::StartWait;
        state.trace_start.count = 1;
        assert_eq!(requester_phase(&state, 0), Some(Phase::Gathering));
        state.workers[1].pc = WorkerPc::TracePoll;
        assert_eq!(requester_phase(&state, 0), Some(Phase::Tracing));
        state.workers[1].pc = WorkerPc::NotifyResult;
        state.workers[0].pc = WorkerPc::Top;
        state.trace_start.count = 0;
        assert_eq!(requester_phase(&state, 0), Some(Phase::Stashed));
        state.workers[1].pc = WorkerPc::EndWait;
        assert_eq!(requester_phase(&state, 0), Some(Phase::Leaving));
        state.requesters[0].pc = RequesterPc::Clear;
        assert_eq!(requester_phase(&state, 0), Some(Phase::Leaving));
        state.workers[1].pc = WorkerPc::Top;
        assert_eq!(requester_phase(&state, 0), Some(Phase::Returned));
        state.requesters[0].pc = RequesterPc::Cancelled;
        assert_eq!(requester_phase(&state, 0), None);
        assert_eq!(requester_phase(&state, 7), None);
    }

    #[test]
    fn the_leaky_barrier_shows_a_lone_leader_tracing() {
        // PROTOCOL.md 5.1: W0 times out, arrives again and leads alone
        // while W1 still polls its blocking task.
        let mut run = run_of("wedged-worker");
        let schedule = "w0 w1 r0 w0 w1 r0 w0 w1 r0 w0 r0 w0 w0 w0 w0 w0 w0 w0 \
                        w0 w0 w0 w0 w0 w0:timeout w0 w0 w0 w0 w0 w0 w0 w0 \
                        w0 w0 w0 w0 w0 w0 w0 w0";
        for step in rendezvous_core::schedule::parse(schedule).unwrap() {
            run.step(step).unwrap();
        }
        assert_eq!(requester_phase(run.state(), 0), Some(Phase::Tracing));
        assert!(Phase::ALL.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
