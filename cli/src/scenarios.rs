//! `rendezvous scenarios`: the built-in scenarios and the variants.

use rendezvous_core::scenario::BUILTINS;
use rendezvous_core::{Scenario, Variant};
use std::io::{self, Write};

/// Writes one line per built-in scenario (name, default workers, default
/// variant, title), then one line per variant with the Tokio releases it
/// stands for (PROTOCOL.md section 15.2) and its summary.
pub fn list(out: &mut impl Write) -> io::Result<()> {
    let scenarios: Vec<Scenario> = BUILTINS
        .iter()
        .filter_map(|entry| Scenario::builtin(entry.name, None).ok())
        .collect();
    let name_width = column_width(scenarios.iter().map(|scenario| scenario.name.as_str()));
    let variant_width = column_width(Variant::ALL.iter().map(|variant| variant.name()));
    writeln!(out, "Scenarios:")?;
    writeln!(
        out,
        "  {:name_width$}  {:>7}  {:variant_width$}  TITLE",
        "NAME", "WORKERS", "VARIANT"
    )?;
    for scenario in &scenarios {
        writeln!(
            out,
            "  {:name_width$}  {:>7}  {:variant_width$}  {}",
            scenario.name,
            scenario.workers,
            scenario.variant.name(),
            scenario.title
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Variants (presets by Tokio release, then what-ifs):")?;
    let range_width = column_width(Variant::ALL.iter().map(|variant| variant.releases()));
    for variant in Variant::ALL {
        writeln!(
            out,
            "  {:variant_width$}  {:range_width$}  {}",
            variant.name(),
            variant.releases(),
            variant.summary()
        )?;
    }
    Ok(())
}

fn column_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(str::len).max().unwrap_or(0).max("VARIANT".len())
}
