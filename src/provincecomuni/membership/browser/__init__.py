"""The membership pages: a community's roster (``@@membri``) and invitation links."""
