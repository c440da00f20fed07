package org.mmsrouter.bench.floor;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** /floor/echo: the body read as the MM1 servlet reads it, then a fixed m-send-conf. No broker. */
final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Body.read(request, response, body -> Answers.answer(request.getAsyncContext(), true));
    }
}
