"""newsgen: wire-style football recaps from hand-curated facts, with no language model."""

__version__ = "0.1.0"
