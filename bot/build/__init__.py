"""Building ``knowledge/careers/`` from the official source files (``careerbot build-knowledge``).

One module per source (:mod:`.oews`, :mod:`.projections`, :mod:`.onet`, :mod:`.cip`, read
with the helpers of :mod:`.tables`), then how their codes match the careers (:mod:`.matching`),
the aliases (:mod:`.aliases`), one career's facts (:mod:`.careers`), the curated content
(:mod:`.curated`), the YAML written (:mod:`.yaml_dump`), the areas and the local figures
(:mod:`.areas`, :mod:`.local_figures`), the build itself (:mod:`.knowledge_build`) and the
command (:mod:`.command`).

The package may import :mod:`bot.knowledge`, :mod:`bot.local`, :mod:`bot.words`, PyYAML, ``us``
(states' FIPS and postal codes) and the standard library only: never the Telegram or web stack
(telegram, starlette, uvicorn, redis), nor :mod:`bot.understanding` or :mod:`bot.dialogue`, so
building the knowledge base needs none of the bot.
"""
