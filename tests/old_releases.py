"""The policy.json of releases made by earlier versions of the site, which `make diff` still
reads back from the published folder."""

from __future__ import annotations


def before_readings(policy_json):
    """``policy_json`` as a release made before readings wrote it: no readings anywhere."""
    if isinstance(policy_json, dict):
        return {key: before_readings(value) for key, value in policy_json.items()
                if key != "readings"}
    if isinstance(policy_json, list):
        return [before_readings(value) for value in policy_json]
    return policy_json
