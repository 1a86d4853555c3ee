"""blind17: synthetic CloudFront / AWS WAF logs of "Pathways", a special-education case-management app (blind test)."""
