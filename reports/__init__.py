"""Outputs of an audit: the static HTML report, score cards, exports and run comparison.

- `reports.html.write_report(result, out_dir, ...)`: the report (index, run, centres/, links)
- `reports.card.render_card_html(centre, run, history)`, `render_card_text(...)`: the card
- `reports.export.export_json / export_csv / export_xlsx`: the exports
- `reports.diff.diff_results(old, new)`: what changed between two audits

Everything renders one `checks.result.AuditResult`; nothing here grades.
"""
