"""blind22: blind test generator — Harlow County Public Schools' Beacon SIS nginx logs as shipped by Filebeat
(file output) or Fluentd (out_file), with labels. See README.md."""
