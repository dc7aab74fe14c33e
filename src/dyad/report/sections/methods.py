"""Appendix: methods and glossary. Every measure, scale, weight, coder and counting rule the
report uses, defined; the scales and weights are read from the shipped files, not restated."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from dyad import __version__
from dyad.analysis.trade import CAGR_FORMULA, YOY_FORMULA
from dyad.analysis.trade_shares import SHARE_FORMULA
from dyad.reference import files
from dyad.report.html import Src, note, table
from dyad.report.sections import ReportContext, Section

_LEVEL_LINE = re.compile(r"^#\s+(\d)\s+([a-z_]+)\s+(.*)$")

TERMS: list[tuple[str, str]] = [
    ("Contact", "A documented encounter between the US and the partner government: a visit, "
     "meeting, call, summit, dialogue round, agreement or joint statement, with at least one "
     "public source. Only confirmed contacts are counted."),
    ("Occasion / record (counting unit)", "A record is one register entry; an occasion groups "
     "the records of one event (e.g. several bilateral meetings on one trip). The default unit "
     "is the occasion."),
    ("Branch", "Executive (default) counts contacts whose US side is the executive branch; "
     "'all' adds Congress."),
    ("Tier (counting rule)", "'all' counts every contact; 'uniform' counts only the President "
     "or the Secretary of State in person, which the Office of the Historian records the same "
     "way in every year — the rule that is robust to uneven coverage of lower levels."),
    ("Exposure", "Years each administration was in office inside the register's coverage "
     "(from 2009-01-01), ending at the earliest of the report date and the register's "
     "reviewed-through date. Rates are counts divided by exposure."),
    ("Rate per year", "Contacts (in the counting unit) per year of exposure."),
    ("Rate ratio", "One administration's rate divided by another's. Intervals are 95%: exact "
     "conditional (Clopper–Pearson on the binomial split of the two counts) when either count "
     "is below 10, else Wald on log(ratio); when the counts are overdispersed (Pearson "
     "dispersion > 1) intervals widen by the quasi-Poisson factor."),
    ("Level-weighted intensity", "Each contact weighted by the level of the highest-ranking "
     "participant (weights below), per year of exposure."),
    ("Agenda topic and vector", "Topics come from the codebook; each belongs to one of the "
     "seed literature's three vectors of US policy — security, economic, values (political-"
     "ideological/humanitarian) — or to the 'cross' group: cross-cutting topics (e.g. the "
     "overall relationship, regional formats) that belong to no single vector."),
    ("Agenda divergence (JSD, bits)", "The Jensen–Shannon divergence between two "
     "administrations' topic shares, base 2: 0 = identical agendas, 1 = no topic in common; "
     "its p-value is from 999 permutations of the labels."),
    ("PLOVER cooperation score", "Each contact kind mapped to a PLOVER event type (Open Event "
     "Data Alliance) scored with the Goldstein (1992) value of the nearest CAMEO code: call "
     "1.0, visit or meeting 1.9, summit or third-place meeting 2.5, dialogue or statement 3.5, "
     "agreement 8.0 (data/plover.yaml)."),
    ("Coder", "Who coded a text: 'auto' is dyad's keyword-and-calibration coder (its settings "
     "are in calibration.json; its accuracy against human codes is reported by `dyad media "
     "evaluate`); a human coder's name marks blind human codes."),
    ("Source tier", "Each source of a contact is graded: official (a government's own site or "
     "record), wire (news agencies), press (newspapers and magazines), secondary (aggregators, "
     "mirrors and other copies). A contact's confidence reflects its best tier."),
    ("Compound annual growth (CAGR)", CAGR_FORMULA),
    ("Year-on-year growth", YOY_FORMULA),
    ("Trade share", SHARE_FORMULA),
    ("Trade balance", "US exports minus US general imports; negative = a US deficit, in the "
     "partner's favour. Census basis, goods only, not seasonally adjusted."),
    ("Fiscal year (assistance)", "US FY t runs 1 October t-1 to 30 September t. By the budget "
     "rule a fiscal year belongs to the administration in office when it began; by the "
     "execution rule, to the one in office for most of it."),
    ("Constant dollars", "ForeignAssistance.gov's inflation-adjusted series, in the base year "
     "the dataset states."),
    ("Freedom in the World score", "Freedom House's aggregate 0–100 (political rights 0–40 "
     "plus civil liberties 0–60; higher is freer); ratings 1 (most free) to 7; status F, PF, "
     "NF. Edition N rates year N-1."),
    ("UNGA agreement and ideal points", "Share of UN General Assembly roll calls on which two "
     "states voted alike (abstentions as half agreement where stated), and the Bailey–"
     "Strezhnev–Voeten ideal points (a one-dimensional position per state and year)."),
    ("Confidence interval (95%)", "The range that would contain the true value in 95% of "
     "repeated samples under the stated model; n is the count behind each estimate."),
]


def level_scale() -> pd.DataFrame:
    """offices.yaml's ordinal level scale (rank, key, who) with the intensity weight."""
    weights = files.level_weights()
    rows = []
    for line in files.data_text("offices.yaml").splitlines():
        m = _LEVEL_LINE.match(line)
        if m:
            rank, key, who = m.groups()
            rows.append({"rank": int(rank), "level": key, "who": who.strip(),
                         "branch": "executive", "weight": weights.get(key)})
    rows.append({"rank": len(rows) + 1, "level": "parliament",
                 "who": "members of Congress; Kazakhstan's Senate and Mazhilis",
                 "branch": "legislative", "weight": weights.get("parliament")})
    return pd.DataFrame(rows)


def render(ctx: ReportContext) -> Section:
    glossary = Markup("<dl class=\"glossary\">{}</dl>").format(Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(term, text) for term, text in TERMS))
    scale = level_scale()
    shipped = Src("dyad", "data/offices.yaml and data/level_weights.yaml",
                  f"shipped with dyad {__version__}")
    body = Markup("").join([
        note("Definitions of every measure, scale, weight, coder and counting rule used in "
             "this report."),
        glossary,
        table(scale, caption="The level scale of each side of a contact (rank 1 highest; a "
                             "side's level is that of its highest-ranking participant) and the "
                             "weight of each level in the level-weighted intensity",
              source=shipped,
              command='python -c "from dyad.report.sections.methods import level_scale; '
                      'print(level_scale())"'),
    ])
    return Section("methods", "Appendix A. Methods and glossary", body)
