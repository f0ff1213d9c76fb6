"""Translation tools: records, readers per format, one module per check, one CLI.

    python -m tools.i18n --help        # check, status, init, stamp, diff, glossary, spelling

records.py     which English file a translation follows, its hash; fresh/stale/missing
               (also used by the site build for the "outdated translation" notice)
formats/       readers: Markdown pages, notebooks, SVG figures, YAML (quizzes, ui.yml)
document.py    what a reader produces: structure items and prose units
checks/        freshness, parity, language, script, mojibake, invisible, glossary,
               spelling, coverage
words.py       words and scripts; morphology.py: endings per language
glossary.py    glossary.yml; accepted.py: wordlist.txt + glossary = accepted words
run.py         every check for a language; report.py: what the CLI prints
authoring.py   init, stamp, diff

Per-language settings (script, hunspell dictionary, lingua name, spelling limit,
joiners, letters) come from translations/languages.yml (tools.sitebuild.languages).
"""
