"""blind14: labelled synthetic access logs of Harbor, a made-up special-education records platform."""
