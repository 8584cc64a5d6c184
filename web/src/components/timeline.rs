//! The run as swimlanes: one lane per actor, one mark per step, a band
//! across the lanes where a barrier completed. Click a mark to go there.

use super::{send_some, ChunkProps, PlaygroundProps};
use crate::state::Action;
use crate::view;
use gloo::render::request_animation_frame;
use web_sys::Element;
use yew::prelude::*;

const LABEL_WIDTH: usize = 30;
const STEP_WIDTH: usize = 10;
const LANE_HEIGHT: usize = 16;

/// How many marks one memoised chunk of the timeline holds.
const CHUNK: usize = 64;

/// The bands and marks of one chunk of steps, as SVG markup inserted whole:
/// the markup of 64 marks costs the page's wasm less than building them
/// node by node, and the browser parses it in one go. Marks do not depend
/// on the cursor (one overlay shades the future), so a chunk whose stamp
/// did not change is not drawn again: a step costs the same at step 1000
/// as at step 10. Every text in it is the model's own (schedule tokens and
/// program counters), escaped all the same.
#[component]
fn Chunk(props: &ChunkProps) -> Html {
    use std::fmt::Write;
    let run = props.playground.run();
    let workers = run.model().worker_count();
    let requesters = run.model().requester_count();
    let first = props.first;
    let steps = run.steps();
    let steps = &steps[first.min(steps.len())..props.end.min(steps.len())];
    let mut markup = String::new();
    for (offset, _) in steps.iter().enumerate() {
        let index = first + offset;
        for event in run.events_of(index) {
            let class = match view::band_of(event) {
                Some(view::Band::Start) => "band band-start",
                Some(view::Band::End) => "band band-end",
                Some(view::Band::Broken) => "band band-broken",
                None => continue,
            };
            let _ = write!(
                markup,
                r#"<rect class="{class}" x="{}" y="0" width="{STEP_WIDTH}" height="{}"/>"#,
                x_of(index),
                props.height
            );
        }
    }
    for (offset, step) in steps.iter().enumerate() {
        let index = first + offset;
        let (lane, kind) = view::lane_of(step.action, workers, requesters);
        let actor = if lane < workers {
            format!("w{lane}")
        } else if lane < workers + requesters {
            format!("r{}", lane - workers)
        } else {
            "user".to_owned()
        };
        let title = format!(
            "step {}: {} ({} → {})",
            index + 1,
            rendezvous_core::schedule::token(step.action),
            step.from,
            step.to
        );
        let _ = write!(
            markup,
            r#"<rect class="mark {kind} actor-{actor}" x="{}" y="{}" width="{}" height="{}" data-step="{}"><title>{}</title></rect>"#,
            x_of(index),
            lane * LANE_HEIGHT + 2,
            STEP_WIDTH - 1,
            LANE_HEIGHT - 4,
            index + 1,
            rendezvous_core::markup::escape(&title)
        );
    }
    Html::from_html_unchecked(AttrValue::from(markup))
}

/// Where step `index` (0-based) is drawn.
fn x_of(index: usize) -> usize {
    LABEL_WIDTH + index * STEP_WIDTH
}

/// The timeline.
#[component]
pub fn Timeline(props: &PlaygroundProps) -> Html {
    let playground = &props.playground;
    let run = playground.run();
    let workers = run.model().worker_count();
    let requesters = run.model().requester_count();
    let lanes: Vec<String> = (0..workers)
        .map(|index| format!("W{index}"))
        .chain((0..requesters).map(|index| format!("R{index}")))
        .chain(std::iter::once("you".to_owned()))
        .collect();
    let cursor = run.cursor();
    let stamps = playground.chunk_stamps(CHUNK);
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
                    aria-label={format!("{} recorded; at step {cursor}", crate::view::plural(run.len() as u64, "step", "steps"))} {onclick}>
                    { for lanes.iter().enumerate().map(|(lane, name)| html! {
                        <g class="lane-row">
                            <rect class={classes!("lane-bg", (lane % 2 == 1).then_some("odd"))} x="0"
                                y={(lane * LANE_HEIGHT).to_string()} width={width.to_string()}
                                height={LANE_HEIGHT.to_string()} />
                            <text class="lane-name" x="2" y={(lane * LANE_HEIGHT + 12).to_string()}>{ name }</text>
                        </g>
                    }) }
                    { for stamps.iter().enumerate().map(|(index, &stamp)| html! {
                        <Chunk key={index} playground={playground.clone()} first={index * CHUNK}
                            end={(index + 1) * CHUNK} {stamp} {height} />
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
