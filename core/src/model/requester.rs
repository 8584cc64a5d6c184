//! The requester, `Handle::dump()` (PROTOCOL.md section 3.1; Tokio's
//! `handle/taskdump.rs`), and callers that dump in a loop (section 12).

use super::Model;
use crate::event::Event;
use crate::state::{CallerPc, RequesterPc, State};

impl Model {
    pub(crate) fn requester_step(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let id = index as u8;
        let pc = state.requesters[index].pc;
        let next = match pc {
            RequesterPc::Cas => {
                if self.variant.uses_cas() {
                    let won = !state.trace_requested;
                    if won {
                        state.trace_requested = true;
                    }
                    events.push(Event::FlagCas {
                        requester: id,
                        to: true,
                        won,
                    });
                    if won {
                        state.requesters[index].won = true;
                        RequesterPc::Take
                    } else {
                        RequesterPc::Backoff
                    }
                } else {
                    let was = state.trace_requested;
                    state.trace_requested = true;
                    state.requesters[index].won = true;
                    events.push(Event::FlagStored {
                        requester: id,
                        value: true,
                        was,
                    });
                    RequesterPc::Take
                }
            }
            RequesterPc::Backoff => {
                self.notify_all(state, id, events);
                RequesterPc::Cas
            }
            RequesterPc::Take => {
                let taken = state.trace_result.take();
                events.push(Event::SlotTaken {
                    requester: id,
                    tasks: taken.as_ref().map(|dump| dump.entries.len() as u8),
                });
                match taken {
                    Some(dump) => {
                        state.requesters[index].dump = Some(dump);
                        RequesterPc::Clear
                    }
                    None => RequesterPc::Nudge,
                }
            }
            RequesterPc::Nudge => {
                self.notify_all(state, id, events);
                RequesterPc::Wait
            }
            RequesterPc::Wait => {
                let requester = &mut state.requesters[index];
                if requester.woken {
                    requester.woken = false;
                    events.push(Event::WaitWoken { requester: id });
                    RequesterPc::Take
                } else if state.result_ready.permit {
                    state.result_ready.permit = false;
                    events.push(Event::PermitConsumed { requester: id });
                    RequesterPc::Take
                } else {
                    requester.queued = true;
                    let _ = state.result_ready.waiters.try_push(id);
                    events.push(Event::WaitQueued { requester: id });
                    RequesterPc::Wait
                }
            }
            RequesterPc::Clear => {
                let won = if self.variant.uses_cas() {
                    let won = state.trace_requested;
                    events.push(Event::FlagCas {
                        requester: id,
                        to: false,
                        won,
                    });
                    won
                } else {
                    events.push(Event::FlagStored {
                        requester: id,
                        value: false,
                        was: state.trace_requested,
                    });
                    true
                };
                if won {
                    state.trace_requested = false;
                    let requester = &state.requesters[index];
                    let (tasks, corrupt) = requester
                        .dump
                        .as_ref()
                        .map(|dump| (dump.entries.len() as u8, dump.is_corrupt()))
                        .unwrap_or((0, false));
                    events.push(Event::DumpReturned {
                        requester: id,
                        tasks,
                        corrupt,
                        abandoned: requester.abandoned,
                    });
                    RequesterPc::Done
                } else {
                    RequesterPc::ClearBackoff
                }
            }
            RequesterPc::ClearBackoff => {
                self.notify_all(state, id, events);
                RequesterPc::Clear
            }
            RequesterPc::Done | RequesterPc::Cancelled | RequesterPc::NotStarted => pc,
        };
        state.requesters[index].pc = next;
    }

    /// `notify_all()`: a physical unpark of every worker (section 8.2).
    fn notify_all(&self, state: &mut State, requester: u8, events: &mut Vec<Event>) {
        if !self.variant.nudges() {
            events.push(Event::NudgeSkipped { requester });
            return;
        }
        let parked = self.physical_unpark_all(state);
        events.push(Event::WorkersUnparked { requester, parked });
    }

    pub(crate) fn cancel(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let stopped = self.variant.requester_inline();
        events.push(Event::CallerGaveUp {
            requester: index as u8,
            stopped,
        });
        let requester = &mut state.requesters[index];
        requester.abandoned = true;
        if !stopped {
            return;
        }
        requester.pc = RequesterPc::Cancelled;
        let was_woken = std::mem::take(&mut requester.woken);
        if std::mem::take(&mut requester.queued) {
            state
                .result_ready
                .waiters
                .retain(|waiter| *waiter != index as u8);
        }
        if was_woken && self.variant.notify_one() {
            // A dropped `Notified` that was chosen by `notify_one` passes the
            // notification on, so it is not lost.
            crate::model::trace::notify_one_result(state);
        }
    }

    /// One step of looping caller `index` (`[CallStart]`, `[CallWait]`).
    pub(crate) fn caller_step(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let repeat = self.scenario.callers[index].repeat as u8;
        let caller = state.callers[index];
        match caller.pc {
            CallerPc::CallStart => {
                let round = caller.round + 1;
                let requester = self.caller_requester(index, round);
                state.callers[index].round = round;
                state.callers[index].pc = CallerPc::CallWait;
                let closed = state.closed;
                let slot = &mut state.requesters[requester];
                slot.pc = RequesterPc::Cas;
                slot.overlaps_close = closed;
                events.push(Event::CallStarted {
                    caller: index as u8,
                    requester: requester as u8,
                    round,
                });
            }
            CallerPc::CallWait => {
                let requester = self.caller_requester(index, caller.round);
                state.callers[index].pc = if caller.round < repeat {
                    CallerPc::CallStart
                } else {
                    CallerPc::CallDone
                };
                events.push(Event::CallReturned {
                    caller: index as u8,
                    requester: requester as u8,
                });
            }
            CallerPc::CallDone => {}
        }
    }

    /// `[CallGiveUp]`: the caller's timeout fires; its requester runs on,
    /// abandoned, and the caller starts its next round (section 12).
    pub(crate) fn give_up(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let repeat = self.scenario.callers[index].repeat as u8;
        let caller = state.callers[index];
        let requester = self.caller_requester(index, caller.round);
        state.requesters[requester].abandoned = true;
        state.callers[index].pc = if caller.round < repeat {
            CallerPc::CallStart
        } else {
            CallerPc::CallDone
        };
        events.push(Event::CallGaveUp {
            caller: index as u8,
            requester: requester as u8,
        });
    }
}
