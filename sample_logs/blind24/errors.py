"""Exception texts (.NET ToString() form) of the app's rare failures and the ExceptionHandlerMiddleware
event that accompanies a 500 in the CLEF log."""

_P = "D:\\a\\1\\s\\src\\Pathways.Web\\"
EXC = {
    "sql_timeout": ("Microsoft.Data.SqlClient.SqlException (0x80131904): Execution Timeout Expired.  The timeout period "
                    "elapsed prior to completion of the operation or the server is not responding.\r\n ---> "
                    "System.ComponentModel.Win32Exception (258): The wait operation timed out.\r\n   --- End of inner "
                    "exception stack trace ---\r\n   at Microsoft.Data.SqlClient.SqlCommand.EndExecuteReaderAsync(IAsyncResult asyncResult)\r\n"
                    "   at Microsoft.EntityFrameworkCore.Storage.RelationalCommand.ExecuteReaderAsync(RelationalCommandParameterObject parameterObject, CancellationToken cancellationToken)\r\n"
                    "   at Pathways.Web.Reports.ExportService.RunAsync(ReportRequest request, CancellationToken ct) in " + _P + "Reports\\ExportService.cs:line 148\r\n"
                    "   at Pathways.Web.Controllers.ReportsController.Export(String slug, Int32 schoolId, String grade, String format) in " + _P + "Controllers\\ReportsController.cs:line 97\r\n"
                    "ClientConnectionId:6c1f0a52-93d4-4b1e-a0f7-2d61c9e4b8a3\r\nError Number:-2,State:0,Class:11"),
    "nullref": ("System.NullReferenceException: Object reference not set to an instance of an object.\r\n"
                "   at Pathways.Web.Students.StudentSummaryBuilder.AddGuardians(StudentSummary summary, Student student) in " + _P + "Students\\StudentSummaryBuilder.cs:line 64\r\n"
                "   at Pathways.Web.Api.StudentsApiController.Summary(Int32 id, CancellationToken ct) in " + _P + "Api\\StudentsApiController.cs:line 41\r\n"
                "   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor.Execute(ActionContext actionContext, IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object controller, Object[] arguments)"),
    "concurrency": ("Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException: The database operation was expected to affect 1 row(s), "
                    "but actually affected 0 row(s); data may have been modified or deleted since entities were loaded.\r\n"
                    "   at Microsoft.EntityFrameworkCore.Update.AffectedCountModificationCommandBatch.ThrowAggregateUpdateConcurrencyExceptionAsync(RelationalDataReader reader, Int32 commandIndex, Int32 expectedRowsAffected, Int32 rowsAffected, CancellationToken cancellationToken)\r\n"
                    "   at Pathways.Web.Controllers.AttendanceController.Take(TakeAttendanceModel model) in " + _P + "Controllers\\AttendanceController.cs:line 118"),
    "pdf": ("System.IO.IOException: The process cannot access the file 'D:\\local\\Temp\\rc-render\\8b1e2f.pdf' because it is being used by another process.\r\n"
            "   at Pathways.Web.Reports.ReportCardRenderer.RenderAsync(Int32 sectionId, String term) in " + _P + "Reports\\ReportCardRenderer.cs:line 87\r\n"
            "   at Pathways.Web.Controllers.ReportCardsController.Pdf(Int32 sectionId, String term) in " + _P + "Controllers\\ReportCardsController.cs:line 52"),
    "correlation": ("Microsoft.AspNetCore.Authentication.AuthenticationFailureException: An error was encountered while handling the remote login.\r\n"
                    " ---> Microsoft.AspNetCore.Authentication.AuthenticationFailureException: Correlation failed.\r\n"
                    "   --- End of inner exception stack trace ---\r\n"
                    "   at Microsoft.AspNetCore.Authentication.RemoteAuthenticationHandler`1.HandleRequestAsync()\r\n"
                    "   at Microsoft.AspNetCore.Authentication.AuthenticationMiddleware.Invoke(HttpContext context)"),
}


def exc_logs(exc):
    if not exc:
        return None
    return [(None, "Error", "An unhandled exception has occurred while executing the request.",
             {"EventId": {"Id": 1, "Name": "UnhandledException"}}, "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", exc)]
