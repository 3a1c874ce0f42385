"""A language's words and ways: a BCP 47 tag in, its gettext catalog (the fixed text) and its
way with numbers, money and dates (Babel) out. Used by content checks, charts and templates."""
