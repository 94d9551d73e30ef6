"""The comparison as one self-contained HTML page: heatmap, tables, verdicts, matched pairs.

Rendered by jinja2 with autoescaping on, so article text (which can hold any
characters, ``<script>`` included) is always shown as text, never run. The
heatmap is embedded as a base64 PNG: the page needs no other file.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from toolkit.compare.alignment import ONE_SIDED
from toolkit.compare.heatmap import heatmap_png

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Statement comparison</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 70em; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
.aligned { color: #1f5fa8; } .divergent { color: #b2182b; } .one-sided, .non-committal { color: #666; }
.cite { color: #888; font-size: .85em; } blockquote { margin: .2em 0 .6em 1em; }
</style></head><body>
<h1>Statement comparison</h1>
<p>Verdicts compare pairs of sides: {{ r.side_pairs }}. One-sided verdicts list their statements only in
comparison.json.</p>
<p>{{ r.articles|length }} article(s), {{ r.n_statements }} attributed statement(s),
{{ r.speakers|length }} speaker(s).</p>
<p>Matched-pair threshold <strong>{{ r.threshold.value }}</strong> ({{ r.threshold.source }}):
{{ r.threshold.chosen_by }}.</p>

<h2>Speaker × theme</h2>
{% if heatmap %}<img alt="speaker by theme heatmap" src="data:image/png;base64,{{ heatmap }}">{% endif %}
{% for level in ["speaker", "affiliation"] %}
<h3>{{ level|capitalize }} × theme: {{ r.stances|join("/") }} counts</h3>
<table><tr><th>{{ level }}</th>{% for t in r.themes %}<th>{{ t }}</th>{% endfor %}</tr>
{% for side, row in r.tables[level].items() %}<tr><td>{{ side }}</td>
{% for t in r.themes %}<td>{{ row[t].values()|join("/") }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% endfor %}

{% for level in ["speaker", "affiliation"] %}
<h2>Verdicts by {{ level }}</h2>
<p>{% for k, n in r.verdict_counts[level].items() %}{{ k }} {{ n }}{% if not loop.last %}, {% endif %}{% endfor %}</p>
<table><tr><th>{{ level }} A</th><th>{{ level }} B</th><th>theme</th><th>verdict</th><th>statements</th></tr>
{% for v in r.verdicts[level] %}<tr><td>{{ v.a }} ({{ v.a_stance or "–" }})</td>
<td>{{ v.b }} ({{ v.b_stance or "–" }})</td>
<td>{{ v.theme }}</td><td class="{{ v.verdict }}">{{ v.verdict }}</td>
<td>{% if v.verdict == one_sided %}{{ v.statements|length }} by {{ v.statements[0].side }} (in comparison.json)
{% else %}<details><summary>{{ v.statements|length }}</summary>
{% for s in v.statements %}<div><strong>{{ s.side }}</strong> ({{ s.stance }})
<span class="cite">{{ s.article }} [{{ s.start }}:{{ s.end }}]</span><blockquote>{{ s.text }}</blockquote></div>
{% endfor %}</details>{% endif %}</td></tr>
{% endfor %}</table>
{% endfor %}

<h2>Matched statements</h2>
<p>{{ r.matched_pairs|length }} of {{ r.n_candidate_pairs }} candidate pair(s) (different speakers, same article,
a shared theme) at cosine similarity ≥ {{ r.threshold.value }}.</p>
<table><tr><th>similarity</th><th>themes</th><th>statement A</th><th>statement B</th></tr>
{% for m in r.matched_pairs %}<tr><td>{{ "%.3f"|format(m.similarity) }}</td><td>{{ m.themes|join(", ") }}</td>
{% for s in [m.a, m.b] %}<td><strong>{{ s.speaker }}</strong> ({{ s.affiliation }}, {{ s.stance }})
<span class="cite">{{ m.article }} [{{ s.start }}:{{ s.end }}]</span>
<blockquote>{{ s.text }}</blockquote></td>{% endfor %}
</tr>{% endfor %}</table>

<h2>Stances over time (by {{ r.trends.period }})</h2>
<table><tr><th>period</th><th>affiliation</th><th>theme</th>{% for s in r.stances %}<th>{{ s }}</th>{% endfor %}</tr>
{% for period, by_aff in r.trends.counts.items() %}{% for aff, by_theme in by_aff.items() %}
{% for theme, counts in by_theme.items() %}<tr><td>{{ period }}</td><td>{{ aff }}</td><td>{{ theme }}</td>
{% for s in r.stances %}<td>{{ counts[s] }}</td>{% endfor %}</tr>{% endfor %}{% endfor %}{% endfor %}
</table>
</body></html>
"""


def render_html(result: dict) -> str:
    """The page for ``result``; every value from the data is escaped by jinja2."""
    roles = result["stance_roles"]
    heatmap = heatmap_png(
        result["tables"]["speaker"], result["themes"], roles["support"], roles["oppose"], "speaker × theme balance"
    )
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(TEMPLATE).render(r=result, heatmap=heatmap, one_sided=ONE_SIDED)


def write_html(result: dict, path: Path) -> Path:
    path.write_text(render_html(result), encoding="utf-8")
    return path
