"""blind12: blind test generator for "Keystone", an Ohio county district's ASP.NET WebForms SIS on IIS 10.

Renders the same synthetic events in the legacy native IIS log file format or NCSA Common Log Format.
"""
