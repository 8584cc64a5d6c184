//! Where a run's steps and events sit on a timeline: the lane each move
//! is drawn in and the band an event draws across all lanes. The page's
//! timeline (`web/src/components/timeline.rs`) and the SVG the checker's
//! worker exports (`checker-wasm/src/export.rs`) both draw from here, so
//! the two pictures agree.

use crate::event::Event;
use crate::model::Action as Move;
use crate::state::BarrierId;

/// The lane of a move and its kind (`step`, `timeout`, ...), as the
/// timeline and its SVG export draw it: workers, then requesters, then the
/// user's own moves.
pub fn lane_of(step: Move, workers: usize, requesters: usize) -> (usize, &'static str) {
    match step {
        Move::Worker(i) => (i as usize, "step"),
        Move::Timeout(i) => (i as usize, "timeout"),
        Move::Wake(i) => (i as usize, "wake"),
        Move::Requester(i) => (workers + i as usize, "step"),
        Move::Cancel(i) => (workers + i as usize, "cancel"),
        Move::Release(_) => (workers + requesters, "release"),
        Move::Timer { .. } => (workers + requesters, "timer"),
        Move::OutsideWake(_) => (workers + requesters, "wake"),
        Move::Spawner(_) | Move::Dropper | Move::Caller(_) => (workers + requesters, "step"),
        Move::GiveUp(_) => (workers + requesters, "cancel"),
    }
}

/// A band drawn across every lane of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// `trace_start` completed.
    Start,
    /// `trace_end` completed.
    End,
    /// A property broke.
    Broken,
}

/// The band an event draws across the timeline, if any.
pub fn band_of(event: &Event) -> Option<Band> {
    match event {
        Event::BarrierCompleted {
            barrier: BarrierId::TraceStart,
            ..
        } => Some(Band::Start),
        Event::BarrierCompleted {
            barrier: BarrierId::TraceEnd,
            ..
        } => Some(Band::End),
        Event::PropertyBroken { .. } => Some(Band::Broken),
        _ => None,
    }
}
