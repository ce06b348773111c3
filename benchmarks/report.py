"""Prints scripts/bench's table and writes its JSON (a list of objects, one per page, role and scale,
plus one per scale for the reminder sweep).

    python -m benchmarks.report result-0.01.json result-0.1.json --json bench.json --markdown bench.md
"""

import argparse
import json

PAGE_KEYS = ("page", "role", "scale", "queries", "p50_ms", "p95_ms", "floor_p95_ms", "ratio_p95")
SWEEP_KEYS = ("page", "scale", "ratio")


def table(results) -> str:
    lines = ["| page | role | scale | queries | p50 ms | p95 ms | floor p95 ms | ×floor p95 | status |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for result in results:
        for row in result["rows"]:
            if row["page"] == "sweep":
                continue
            lines.append(f"| {row['page']} | {row['role']} | {row['scale']} | {row['queries']} | {row['p50_ms']} | "
                         f"{row['p95_ms']} | {row['floor_p95_ms']} | {row['ratio_p95']} | "
                         f"{','.join(map(str, row.get('statuses', [])))} |")
    lines += ["", "| reminder sweep | scale | 200 due, ms | with 10× non-due, ms | ratio | queries | not-due rows |",
              "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for result in results:
        for row in result["rows"]:
            if row["page"] == "sweep":
                lines.append(f"| sweep | {row['scale']} | {row['baseline_ms']} | {row['ms_10x']} | {row['ratio']} | "
                             f"{row['queries']} / {row['queries_10x']} | {row['not_due_before']} → "
                             f"{row['not_due_after']} |")
        if "sweep_error" in result.get("extra", {}):
            lines.append(f"| sweep | error | {result['extra']['sweep_error']} | | | | |")
    lines += ["", "| locust (headless) | scale | requests | failures | req/s | p50 ms | p95 ms |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for result in results:
        scale = result["rows"][0]["scale"]
        for name in ("locust_mix", "locust_floor"):
            run = result.get("extra", {}).get(name)
            if run:
                label = "mix of roles" if name == "locust_mix" else "floor only"
                lines.append(f"| {label} | {scale} | {run['requests']} | {run['failures']} | {run['rps']} | "
                             f"{run['p50_ms']} | {run['p95_ms']} |")
    for result in results:
        scale = result["rows"][0]["scale"]
        by_page = (result.get("extra", {}).get("locust_mix") or {}).get("by_page")
        if by_page:
            lines += ["", f"Where the locust mix spent its time at {scale} (share of all response time):", "",
                      "| page · role | requests | mean ms | p95 ms | share |", "| --- | ---: | ---: | ---: | ---: |"]
            lines += [f"| {r['page']} | {r['requests']} | {r['mean_ms']} | {r['p95_ms']} | {r['share']:.0%} |"
                      for r in by_page]
    return "\n".join(lines)


def explains(results) -> str:
    out = []
    for result in results:
        scale = result["rows"][0]["scale"]
        pages = sorted(result.get("extra", {}).get("pages_sql", []), key=lambda p: p["sql_ms"], reverse=True)
        if pages:
            out += [f"### scale {scale}: SQL per page (in-process side run, one warm request)", ""]
        for p in pages:
            if p.get("error"):
                out.append(f"- **{p['page']}** as {p['role']}: failed in-process: `{p['error'][:200]}`")
                continue
            out.append(f"- **{p['page']}** as {p['role']}: {p['queries']} queries, {p['sql_ms']} ms in SQL; slowest: "
                       + "; ".join(f"{q['ms']} ms `{q['sql'][:160]}`" for q in p["top"]))
        for key in ("explain_error", "locust_error"):
            if result.get("extra", {}).get(key):
                out.append(f"- {key.replace('_', ' ')} at {scale}: `{result['extra'][key][:300]}`")
        out.append("")
    for result in results:
        scale = result["rows"][0]["scale"]
        for q in result.get("extra", {}).get("explain", []):
            out += [f"### scale {scale}: {q['page']} as {q['role']} ({q['ms']} ms)", "", "```sql", q["sql"], "```",
                    "", "```", q["plan"], "```", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results", nargs="+")
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    results = []
    for path in args.results:
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    text = table(results)
    print(text)
    if args.json:
        rows = []
        for result in results:
            for row in result["rows"]:
                keys = SWEEP_KEYS if row["page"] == "sweep" else PAGE_KEYS
                rows.append({k: row[k] for k in keys})
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(text + "\n\n" + explains(results))


if __name__ == "__main__":
    main()
