"""The site's own tooling: ``tools.sitebuild`` (MkDocs hooks) and ``tools.i18n`` (translation tools)."""
