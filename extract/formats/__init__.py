"""Input formats: one module per format behind :class:`~extract.formats.base.Format`, chosen by
content and file name from :mod:`extract.formats.registry`."""
