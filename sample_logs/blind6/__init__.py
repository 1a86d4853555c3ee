"""blind6: synthetic, labelled access logs of "Beacon", an ASP.NET assessment and
accountability system on IIS behind an AWS Application Load Balancer (see README.md)."""
