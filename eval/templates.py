"""The jinja2 template of report.html, kept as a string so the package needs no data files.

It is rendered with ``autoescape=True``: article text, titles, speaker names
and system names are untrusted input and must never reach the page as markup.
Only the base64 PNGs are inserted as attributes, and base64 has no character
that HTML would interpret.
"""

HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Evaluation report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 1200px; color: #222; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; vertical-align: top; }
th:first-child, td:first-child, td.text { text-align: left; }
td.text { max-width: 40em; white-space: pre-wrap; }
.ci { color: #777; font-size: 0.85em; }
.real { font-weight: bold; color: #116611; }
.warn { color: #a33; }
img { max-width: 100%; }
details { margin: 0.4em 0; }
</style>
</head>
<body>
<h1>Evaluation report</h1>
<table>
<tr><th>mode</th><td>{{ config.mode }}</td></tr>
<tr><th>gold</th><td>{{ config.gold }}</td></tr>
<tr><th>articles / gold statements</th><td>{{ data.n_articles }} / {{ data.n_gold_statements }}</td></tr>
<tr><th>bootstrap</th>
<td>{{ config.n_bootstrap }} resamples of articles, seed {{ config.seed }}, 95% percentile</td></tr>
<tr><th>time (UTC)</th><td>{{ prov.time_utc }}</td></tr>
<tr><th>git commit</th><td>{{ prov.git_commit or "unknown" }}</td></tr>
<tr><th>versions</th><td>{% for k, v in prov.versions.items() %}
{{ k }} {{ v or "-" }}{% if not loop.last %}, {% endif %}
{% endfor %}</td></tr>
</table>

<h2>Systems side by side</h2>
<table>
<tr><th>figure</th>{% for name in systems %}<th>{{ name }}</th>{% endfor %}</tr>
{% for key, title in headline_titles.items() %}
<tr><td>{{ title }}</td>{% for name, s in systems.items() %}{% set h = s.headline[key] %}
<td>{{ h.value | num }}{% if h.low is not none %}
<span class="ci">[{{ h.low | num }}, {{ h.high | num }}]</span>{% endif %}</td>{% endfor %}</tr>
{% endfor %}
{% for key, title in detail_titles %}
<tr><td>{{ title }}</td>{% for name, s in systems.items() %}<td>{{ s | dig(key) | num }}</td>{% endfor %}</tr>
{% endfor %}
<tr><td>source</td>{% for name, s in systems.items() %}<td>{{ s.source }}
{% if s.model_info and s.model_info.data_hash %}<br><span class="ci">data {{ s.model_info.data_hash }}</span>{% endif %}
</td>{% endfor %}</tr>
</table>

{% if comparisons %}
<h2>Paired bootstrap</h2>
<p>A minus B on the same resampled articles. A difference is called real when its 95% interval excludes 0;
p<sub>flip</sub> is the share of resamples where its sign flips.</p>
<table>
<tr><th>A vs B</th><th>figure</th><th>difference</th><th>95% CI</th><th>p<sub>flip</sub></th><th>real?</th></tr>
{% for c in comparisons %}{% for key, d in c.figures.items() %}
<tr><td>{{ c.a }} vs {{ c.b }}</td><td>{{ headline_titles[key] }}</td><td>{{ d.diff | num(signed=True) }}</td>
<td>{% if d.low is not none %}[{{ d.low | num(signed=True) }}, {{ d.high | num(signed=True) }}]
{% else %}-{% endif %}</td>
<td>{{ d.p_flip | num }}</td><td>{% if d.significant %}<span class="real">yes</span>{% else %}no{% endif %}</td></tr>
{% endfor %}{% endfor %}
</table>
{% endif %}

<h2>Figures</h2>
{% for title, png in figures.items() %}
<figure><img alt="{{ title }}" src="data:image/png;base64,{{ png }}"><figcaption>{{ title }}</figcaption></figure>
{% endfor %}

{% for name, s in systems.items() %}
<h2>{{ name }}</h2>
{% for w in s.warnings %}<p class="warn">{{ w }}</p>{% endfor %}
<h3>Themes ({{ s.themes.n_pairs }} judged statements)</h3>
<table>
<tr><th>theme</th><th>P</th><th>R</th><th>F1</th><th>support</th><th>TN</th><th>FP</th><th>FN</th><th>TP</th></tr>
{% for label, m in s.themes.per_label.items() %}
<tr><td>{{ label }}</td><td>{{ m.precision | num }}</td><td>{{ m.recall | num }}</td><td>{{ m.f1 | num }}</td>
<td>{{ m.support }}</td><td>{{ m.confusion[0][0] }}</td><td>{{ m.confusion[0][1] }}</td>
<td>{{ m.confusion[1][0] }}</td><td>{{ m.confusion[1][1] }}</td></tr>
{% endfor %}
<tr><td>micro</td><td>{{ s.themes.micro.precision | num }}</td><td>{{ s.themes.micro.recall | num }}</td>
<td>{{ s.themes.micro.f1 | num }}</td><td colspan="5"></td></tr>
<tr><td>macro</td><td></td><td></td><td>{{ s.themes.macro_f1 | num }}</td><td colspan="5"></td></tr>
</table>
<h3>Stance ({{ s.stance.n_pairs }} judged statements, {{ s.stance.unlabelled }} without a predicted stance)</h3>
<table>
<tr><th>stance</th><th>P</th><th>R</th><th>F1</th><th>support</th></tr>
{% for label, m in s.stance.per_label.items() %}
<tr><td>{{ label }}</td><td>{{ m.precision | num }}</td><td>{{ m.recall | num }}</td><td>{{ m.f1 | num }}</td>
<td>{{ m.support }}</td></tr>
{% endfor %}
</table>
<table>
<tr><th>gold \\ predicted</th>{% for l in s.stance.confusion.labels %}<th>{{ l }}</th>{% endfor %}</tr>
{% for row in s.stance.confusion.matrix %}
<tr><td>{{ s.stance.confusion.labels[loop.index0] }}</td>{% for v in row %}<td>{{ v }}</td>{% endfor %}</tr>
{% endfor %}
</table>
<h3>Worst errors</h3>
{% for kind, items in s.errors.items() %}
<details{% if loop.first %} open{% endif %}><summary>{{ error_titles[kind] }} ({{ items | length }} shown)</summary>
{% if items %}
<table>
<tr><th>article</th><th>text</th><th>gold</th><th>predicted</th><th>confidence</th></tr>
{% for e in items %}
<tr><td>{{ e.article }}</td><td class="text">{{ e.text }}</td>
<td>{{ e.gold or "" }}</td><td>{{ e.pred or "" }}</td><td>{{ e.confidence | num }}</td></tr>
{% endfor %}
</table>
{% endif %}
</details>
{% endfor %}
{% endfor %}
</body>
</html>
"""
