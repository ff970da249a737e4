"""Building ``knowledge/careers/`` from the official source files (``careerbot build-knowledge``).

One module per source (:mod:`.oews`, :mod:`.projections`, :mod:`.onet`, :mod:`.cip`, read
with the helpers of :mod:`.tables`), then how their codes match the careers (:mod:`.matching`),
the aliases (:mod:`.aliases`), one career's facts (:mod:`.careers`), the curated content
(:mod:`.curated`), the YAML written (:mod:`.yaml_dump`), the build itself
(:mod:`.knowledge_build`) and the command (:mod:`.command`).

The package may import :mod:`bot.knowledge`, PyYAML and the standard library only: never the
Telegram or web stack (telegram, starlette, uvicorn, redis), nor :mod:`bot.understanding` or
:mod:`bot.dialogue`, so building the knowledge base needs none of the bot.
"""
