#include "bot/runtime/file_routes.hpp"

#include <nlohmann/json.hpp>

#include "bot/files/file_token.hpp"
#include "bot/files/media_sniff.hpp"
#include "bot/runtime/store_worker.hpp"

namespace frontline {
namespace {

/// A plain page for people who followed a link that does not work (no markup to inject into).
net::HttpResponse plain_page(int status, const std::string& text) {
    auto r = net::make_response(status, text + "\n");
    r.headers.set("X-Content-Type-Options", "nosniff");
    r.headers.set("Cache-Control", "no-store");
    return r;
}

/// "error.png" for the header: printable ASCII only in filename=, the exact name in filename*= (RFC 6266).
std::string disposition(bool inline_image, const std::string& name) {
    std::string ascii;
    std::string encoded;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : name) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                          c == '-' || c == '_';
        ascii += safe ? static_cast<char>(c) : '_';
        if (safe) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
    }
    if (ascii.empty()) ascii = "file";
    std::string out = inline_image ? "inline" : "attachment";
    out += "; filename=\"" + ascii + "\"";
    if (!encoded.empty()) out += "; filename*=UTF-8''" + encoded;
    return out;
}

struct Served {
    int status = 200;
    std::string problem;
    Attachment file;
    std::string bytes;
};

Served refusal(int status, std::string why) {
    Served s;
    s.status = status;
    s.problem = std::move(why);
    return s;
}

}  // namespace

net::HttpServer::Handler file_route(StoreWorker& store, const files::FileVault& vault, FileLinkKey key, const Clock& clock) {
    return [&store, &vault, key = std::move(key), &clock](net::IncomingRequest request) -> net::awaitable<net::HttpResponse> {
        if (request.method != "GET" && request.method != "HEAD") {
            auto r = net::make_response(405, "method not allowed\n");
            r.headers.set("Allow", "GET, HEAD");
            co_return r;
        }
        const std::string token = request.path.substr(std::min(request.path.size(), files::kFilesPrefix.size()));
        auto checked = files::verify_file_token(key.secret, token, clock.now());
        if (std::holds_alternative<files::FileTokenProblem>(checked)) {
            if (std::get<files::FileTokenProblem>(checked) == files::FileTokenProblem::expired)
                co_return plain_page(410, "This link to a file has expired. Ask for a fresh one with `show` on the ticket.");
            co_return plain_page(403, "This link to a file is not valid.");
        }
        const files::FileToken t = std::get<files::FileToken>(checked);
        // The row and the bytes on the store thread: one job, so the network thread never reads a disk.
        // Named, not a temporary inside co_await: GCC 12 destroys such temporaries twice.
        auto job = [t, &vault](Store& s) -> Served {
            auto files = s.attachments_of(t.ticket);
            if (!files) return refusal(503, "The file could not be read just now. Try again in a moment.");
            for (const auto& f : *files) {
                if (f.file.sha256 != t.sha256) continue;
                if (f.file.state != "stored") return refusal(403, "This file is quarantined: it failed the virus scan and is not shown.");
                auto bytes = vault.read(f.file.sha256);
                if (!bytes) return refusal(404, "This file is no longer stored.");
                return Served{200, "", f.file, std::move(*bytes)};
            }
            return refusal(404, "There is no such file on this ticket.");
        };
        auto served = co_await store.run(std::move(job));
        if (served.status != 200) co_return plain_page(served.status, served.problem);
        const bool image = files::is_inline_image(served.file.media_type);
        const std::string type =
            served.file.media_type == "text/plain" ? "text/plain; charset=utf-8" : served.file.media_type;
        auto r = net::make_response(200, request.method == "HEAD" ? std::string() : std::move(served.bytes), type);
        r.headers.set("Content-Disposition", disposition(image, served.file.name));
        r.headers.set("X-Content-Type-Options", "nosniff");
        // Nothing in a served file ever runs: no scripts, no frames, no plugins, sandboxed.
        r.headers.set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
        r.headers.set("Cache-Control", "private, max-age=300");
        r.headers.set("Referrer-Policy", "no-referrer");
        co_return r;
    };
}

net::HttpServer::Handler agent_files_route(StoreWorker& store, const handoff::DeskConfig& desk, ReportAccess access,
                                           FileLinkKey key, const Clock& clock) {
    return [&store, &desk, access = std::move(access), key = std::move(key),
            &clock](net::IncomingRequest request) -> net::awaitable<net::HttpResponse> {
        if (request.method != "GET") {
            auto r = net::make_response(405, "method not allowed\n");
            r.headers.set("Allow", "GET");
            co_return r;
        }
        const auto web_id = access.agent_of(request.headers.get("Authorization").value_or(""));
        const handoff::Agent* agent = web_id ? desk.directory.agent_by_identity(Identity{"webchat", *web_id}) : nullptr;
        if (!agent) {
            auto r = net::make_response(401, "/api/files needs an agent's web chat token as a bearer token\n");
            r.headers.set("WWW-Authenticate", "Bearer");
            co_return r;
        }
        if (!request.query.starts_with("ticket=")) co_return net::make_response(400, "/api/files?ticket=INC-000001\n");
        auto id = TicketId::parse(request.query.substr(7));
        if (!id) co_return net::make_response(400, "not a ticket id: " + id.error().message + "\n");
        const TicketId ticket = *id;
        auto job = [ticket](Store& s) -> Result<std::pair<std::optional<Ticket>, std::vector<TicketAttachment>>> {
            auto t = s.find_ticket(ticket);
            if (!t) return t.error();
            auto files = s.attachments_of(ticket);
            if (!files) return files.error();
            return std::pair{std::move(*t), std::move(*files)};
        };
        auto found = co_await store.run(std::move(job));
        if (!found) co_return net::make_response(503, "the store could not be read\n");
        if (!found->first) co_return net::make_response(404, "no ticket " + ticket.str() + "\n");
        const Ticket& t = *found->first;
        // A data breach's evidence: its assignee and the security officer only.
        if (t.restricted) {
            const handoff::Agent* owner = t.assignee.empty() ? nullptr : desk.directory.agent_by_reference(t.assignee);
            const handoff::Agent* officer = desk.directory.security_officer();
            if (agent != owner && agent != officer)
                co_return net::make_response(403, t.id.str() + " is restricted: only its assignee and the security officer see its files\n");
        }
        const TimePoint expires = clock.now() + key.life;
        nlohmann::json list = nlohmann::json::array();
        for (const auto& f : found->second) {
            nlohmann::json j = {{"name", f.file.name}, {"media_type", f.file.media_type}, {"size", f.file.size},
                                {"state", f.file.state}, {"at", format_iso8601(f.at)}};
            if (f.file.state == "stored")
                j["url"] = std::string(files::kFilesPrefix) + files::sign_file_token(key.secret, {t.id, f.file.sha256, expires});
            j["image"] = files::is_inline_image(f.file.media_type);
            list.push_back(std::move(j));
        }
        auto r = net::make_response(200, nlohmann::json{{"ticket", t.id.str()}, {"files", std::move(list)}}.dump() + "\n",
                                    "application/json");
        r.headers.set("Cache-Control", "no-store");
        co_return r;
    };
}

}  // namespace frontline
