"""blind24: synthetic, labelled request telemetry of "Pathways", a regional education service
agency's student-records platform (ASP.NET Core on Azure App Service), rendered as Serilog CLEF
or as an Application Insights AppRequests CSV export. Standard library only, deterministic."""
