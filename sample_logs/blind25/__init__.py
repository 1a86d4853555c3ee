"""blind25: synthetic, labelled TrailMark (state student-records portal) access logs as SIEM exports.

Formats: Splunk search export as JSON (`splunk_json`) and an elasticdump of OpenSearch daily indices
(`opensearch_dump`). See README.md.
"""
