//! The run as swimlanes: one lane per actor, one mark per step, a band
//! across the lanes where a barrier completed. Click a mark to go there.

use super::{send_some, PlaygroundProps};
use crate::state::Action;
use crate::view;
use web_sys::Element;
use gloo::render::request_animation_frame;
use yew::prelude::*;

const LABEL_WIDTH: usize = 30;
const STEP_WIDTH: usize = 10;
const LANE_HEIGHT: usize = 16;

/// How many marks one memoised chunk of the timeline holds.
const CHUNK: usize = 64;

/// One mark.
#[derive(Clone, PartialEq)]
struct Mark {
    step: usize,
    x: usize,
    y: usize,
    class: Classes,
    title: String,
}

#[derive(Properties, PartialEq)]
struct MarksProps {
    marks: Vec<Mark>,
}

/// A chunk of marks. Marks do not depend on the cursor (the future is shaded
/// by one overlay), so a chunk whose steps did not change is not rendered
/// again: a step costs the same at step 1000 as at step 10.
#[component]
fn Marks(props: &MarksProps) -> Html {
    html! {
        { for props.marks.iter().map(|mark| html! {
            <rect class={mark.class.clone()} x={mark.x.to_string()} y={mark.y.to_string()}
                width={(STEP_WIDTH - 1).to_string()} height={(LANE_HEIGHT - 4).to_string()}
                data-step={mark.step.to_string()}>
                <title>{ &mark.title }</title>
            </rect>
        }) }
    }
}

/// One band across the lanes.
struct Band {
    x: usize,
    class: &'static str,
}

/// The timeline.
#[component]
pub fn Timeline(props: &PlaygroundProps) -> Html {
    let run = props.playground.run();
    let workers = run.model().worker_count();
    let requesters = run.model().requester_count();
    let lanes: Vec<String> = (0..workers)
        .map(|index| format!("W{index}"))
        .chain((0..requesters).map(|index| format!("R{index}")))
        .chain(std::iter::once("you".to_owned()))
        .collect();
    let cursor = run.cursor();
    let x_of = |index: usize| LABEL_WIDTH + index * STEP_WIDTH;
    let mut marks = Vec::with_capacity(run.len());
    let mut bands = Vec::new();
    for (index, step) in run.steps().iter().enumerate() {
        let (lane, kind) = view::lane_of(step.action, workers, requesters);
        let lane_class = if lane < workers {
            format!("actor-w{lane}")
        } else if lane < workers + requesters {
            format!("actor-r{}", lane - workers)
        } else {
            "actor-user".to_owned()
        };
        marks.push(Mark {
            step: index + 1,
            x: x_of(index),
            y: lane * LANE_HEIGHT + 2,
            class: classes!("mark", kind, lane_class),
            title: format!(
                "step {}: {} ({} → {})",
                index + 1,
                rendezvous_core::schedule::token(step.action),
                step.from,
                step.to
            ),
        });
        for event in run.events_of(index) {
            let class = match view::band_of(event) {
                Some(view::Band::Start) => "band band-start",
                Some(view::Band::End) => "band band-end",
                Some(view::Band::Broken) => "band band-broken",
                None => continue,
            };
            bands.push(Band {
                x: x_of(index),
                class,
            });
        }
    }
    let height = lanes.len() * LANE_HEIGHT + 4;
    let width = x_of(run.len().max(1)) + STEP_WIDTH * 4;
    let cursor_x = x_of(cursor);
    let scroller = use_node_ref();
    {
        let scroller = scroller.clone();
        // Measuring the box forces a layout: wait for the frame, where the
        // browser lays out anyway, rather than forcing one on every step.
        use_effect_with(cursor_x, move |&x| {
            let frame = request_animation_frame(move |_| keep_in_view(&scroller, x));
            move || drop(frame)
        });
    }
    let onclick = send_some(&props.on_action, |event: MouseEvent| {
        event
            .target_dyn_into::<Element>()
            .and_then(|element| element.get_attribute("data-step"))
            .and_then(|step| step.parse().ok())
            .map(Action::Seek)
    });
    html! {
        <section class="timeline" aria-label="Timeline">
            <h2 class="lane-title">{ "Timeline" }</h2>
            <div class="timeline-box" ref={scroller}>
                <svg data-testid="timeline" width={width.to_string()} height={height.to_string()}
                    viewBox={format!("0 0 {width} {height}")} role="img"
                    aria-label={format!("{} steps recorded; at step {cursor}", run.len())} {onclick}>
                    { for lanes.iter().enumerate().map(|(lane, name)| html! {
                        <g class="lane-row">
                            <rect class={classes!("lane-bg", (lane % 2 == 1).then_some("odd"))} x="0"
                                y={(lane * LANE_HEIGHT).to_string()} width={width.to_string()}
                                height={LANE_HEIGHT.to_string()} />
                            <text class="lane-name" x="2" y={(lane * LANE_HEIGHT + 12).to_string()}>{ name }</text>
                        </g>
                    }) }
                    { for bands.iter().map(|band| html! {
                        <rect class={band.class} x={band.x.to_string()} y="0"
                            width={STEP_WIDTH.to_string()} height={height.to_string()} />
                    }) }
                    { for marks.chunks(CHUNK).map(|chunk| html! {
                        <Marks marks={chunk.to_vec()} />
                    }) }
                    if cursor < run.len() {
                        <rect class="future-shade" x={cursor_x.to_string()} y="0"
                            width={(width - cursor_x).to_string()} height={height.to_string()} />
                    }
                    <rect class="cursor-line" x={(cursor_x.saturating_sub(1)).to_string()} y="0"
                        width="2" height={height.to_string()} />
                </svg>
            </div>
        </section>
    }
}

/// Scrolls the timeline so that `x` (the cursor) is in view.
fn keep_in_view(scroller: &NodeRef, x: usize) {
    let Some(element) = scroller.cast::<Element>() else {
        return;
    };
    let x = i32::try_from(x).unwrap_or(i32::MAX);
    let visible = element.client_width();
    let left = element.scroll_left();
    if x < left + STEP_WIDTH as i32 * 4 || x > left + visible - STEP_WIDTH as i32 * 4 {
        element.set_scroll_left((x - visible / 2).max(0));
    }
}
