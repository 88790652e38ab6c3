#include "bot/calls/booking_page.hpp"

namespace frontline::calls {

std::string problem_page(PageProblem p) {
    struct Words {
        const char* en;
        const char* it;
    };
    Words w{};
    switch (p) {
        case PageProblem::invalid:
            w = {"This booking link is not valid. Please use the link exactly as the service desk sent it in the chat.",
                 "Questo link di prenotazione non è valido. Usa il link esattamente come il service desk te lo ha mandato nella chat."};
            break;
        case PageProblem::expired:
            w = {"This booking link has expired. Please write in the chat and the agent will send you a new one.",
                 "Questo link di prenotazione è scaduto. Scrivi nella chat e l'operatore te ne manderà uno nuovo."};
            break;
        case PageProblem::used:
            w = {"This link has already been used to book a call. The confirmation in the chat has the links to move or cancel it.",
                 "Questo link è già stato usato per prenotare una chiamata. La conferma nella chat contiene i link per spostarla o annullarla."};
            break;
        case PageProblem::closed:
            w = {"There is nothing to book with this link any more: the ticket is closed or the call no longer exists.",
                 "Con questo link non c'è più niente da prenotare: il ticket è chiuso o la chiamata non esiste più."};
            break;
        case PageProblem::unavailable:
            w = {"The booking page is not available right now. Please try again in a minute.",
                 "La pagina di prenotazione non è disponibile in questo momento. Riprova tra un minuto."};
            break;
    }
    return std::string("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Call booking</title>"
                       "<link rel=\"stylesheet\" href=\"../call-assets/booking.css\"></head><body data-state=\"problem\"><main><section>"
                       "<p id=\"problem\">") +
           w.en + "</p><p lang=\"it\">" + w.it + "</p></section></main></body></html>";
}

}  // namespace frontline::calls
