"""Publishing the site for readers: checks, change summaries and atomic releases."""
