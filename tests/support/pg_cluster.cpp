#include "tests/support/pg_cluster.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace frontline::testkit {
namespace {

namespace fs = std::filesystem;

/// Debian installs each major version under /usr/lib/postgresql/<major>/bin; the newest is taken.
/// FRONTLINE_PG_BINDIR points elsewhere.
std::string find_bin_dir() {
    if (const char* dir = std::getenv("FRONTLINE_PG_BINDIR"); dir && *dir) return dir;
    int best = -1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        if (fs::exists(entry.path() / "bin" / "initdb") && std::stoi(name) > best) best = std::stoi(name);
    }
    if (best < 0)
        throw std::runtime_error("PgCluster: no PostgreSQL server under /usr/lib/postgresql (scripts/setup installs "
                                 "the postgresql package)");
    return "/usr/lib/postgresql/" + std::to_string(best) + "/bin";
}

/// Who runs the server: ourselves, or the `postgres` user when we are root.
struct RunAs {
    bool drop = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

RunAs server_user() {
    if (geteuid() != 0) return {};
    const passwd* pw = getpwnam("postgres");
    if (!pw) throw std::runtime_error("PgCluster: running as root and there is no `postgres` user to run the server as");
    return {true, pw->pw_uid, pw->pw_gid};
}

/// Forks and execs `argv` as `who`, its output appended to `log`. In the child only
/// async-signal-safe calls: the test process may have threads.
pid_t spawn(const std::vector<std::string>& args, const RunAs& who, const fs::path& log, bool die_with_parent) {
    std::vector<char*> argv;
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log_path = log.string();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("PgCluster: fork failed");
    if (pid == 0) {
        if (who.drop && (setgroups(0, nullptr) != 0 || setgid(who.gid) != 0 || setuid(who.uid) != 0)) _exit(126);
        // After the change of user: a credential change clears the parent-death signal.
        if (die_with_parent) prctl(PR_SET_PDEATHSIG, SIGQUIT);
        const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A loopback port nobody listens on right now (the server may still lose it to a race: retried).
std::uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        if (fd >= 0) close(fd);
        throw std::runtime_error("PgCluster: no free loopback port");
    }
    close(fd);
    return ntohs(a.sin_port);
}

std::string random_hex(std::size_t n) {
    std::random_device rd;
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += digits[rd() % 16];
    return out;
}

/// initdb takes seconds (its bootstrap and its probes of the machine), far longer than any store
/// test: it runs once per server version and user into a template under the system temp dir,
/// which every test process copies. Built under a private name and renamed into place, so test
/// processes starting together never see half a template; a stale one may be deleted any time.
fs::path template_dir(const fs::path& base, const std::string& bin_dir, const RunAs& who) {
    std::string version = fs::path(bin_dir).parent_path().filename().string();
    const fs::path ready = base /
                           ("frontline-pg-template-" + version + "-uid" + std::to_string(who.drop ? who.uid : geteuid()));
    std::error_code ec;
    if (fs::exists(ready / "data" / "PG_VERSION", ec)) return ready;
    const fs::path building = ready.string() + ".building-" + std::to_string(getpid());
    fs::remove_all(building, ec);
    fs::create_directory(building, ec);
    if (who.drop && chown(building.c_str(), who.uid, who.gid) != 0)
        throw std::runtime_error("PgCluster: cannot hand " + building.string() + " to the postgres user");
    const fs::path pwfile = building / "password";
    {
        std::ofstream out(pwfile);
        out << random_hex(24) << "\n";  // replaced in every copy (PgCluster::PgCluster)
    }
    if (who.drop && chown(pwfile.c_str(), who.uid, who.gid) != 0)
        throw std::runtime_error("PgCluster: cannot hand the password file to the postgres user");
    // Trust on the unix socket (only the temp dir's owner reaches it), a password over TCP: the
    // store connects over TCP, so the tests prove the password gets there.
    const pid_t initdb = spawn({bin_dir + "/initdb", "-D", (building / "data").string(), "-U", "frontline",
                                "--pwfile=" + pwfile.string(), "--auth-local=trust", "--auth-host=scram-sha-256", "-E",
                                "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
                                // 1 MB WAL segments instead of 16: less to copy into every test's cluster.
                                "--wal-segsize=1"},
                               who, building / "initdb.log", false);
    int status = 0;
    waitpid(initdb, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string log = read_file(building / "initdb.log");
        fs::remove_all(building, ec);
        throw std::runtime_error("PgCluster: initdb failed:\n" + log);
    }
    fs::remove(pwfile, ec);
    fs::rename(building, ready, ec);
    if (ec) fs::remove_all(building, ec);  // another process put its template there first
    return ready;
}

int run_and_wait(const std::vector<std::string>& args, const RunAs& who, const fs::path& log) {
    int status = 0;
    waitpid(spawn(args, who, log, false), &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

fs::path PgCluster::base_dir() {
    struct statvfs shm {};
    if (statvfs("/dev/shm", &shm) == 0 && access("/dev/shm", W_OK | X_OK) == 0 &&
        static_cast<unsigned long long>(shm.f_bavail) * shm.f_frsize >= (1ULL << 30))
        return "/dev/shm";
    return fs::temp_directory_path();
}

PgCluster::PgCluster() : dir_(base_dir()), bin_dir_(find_bin_dir()), password_(random_hex(24)) {
    const RunAs who = server_user();
    if (who.drop && chown(dir_.path().c_str(), who.uid, who.gid) != 0)
        throw std::runtime_error("PgCluster: cannot hand " + dir_.path().string() + " to the postgres user");
    const fs::path from = template_dir(base_dir(), bin_dir_, who) / "data";
    // cp -a keeps the owner (the postgres user when we are root) and the 0700 the server insists on.
    if (run_and_wait({"/bin/cp", "-a", from.string(), dir_.file("data").string()}, RunAs{}, dir_.file("copy.log")) != 0)
        throw std::runtime_error("PgCluster: cannot copy the template cluster:\n" + read_file(dir_.file("copy.log")));
    std::string failure;
    bool started = false;
    for (int attempt = 0; attempt < 5 && !started; ++attempt) started = try_start(failure);
    if (!started) throw std::runtime_error("PgCluster: the server did not start: " + failure);
    // This server's own password, set over the unix socket (trusted): no two test processes share one.
    const std::string local = "host=" + dir_.path().string() + " port=" + std::to_string(port_) + " user=frontline dbname=postgres";
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(local.c_str()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK)
        throw std::runtime_error(std::string("PgCluster: cannot connect over the socket: ") + PQerrorMessage(conn.get()));
    const std::string sql = "ALTER ROLE frontline PASSWORD '" + password_ + "'";
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
        throw std::runtime_error(std::string("PgCluster: cannot set the password: ") + PQresultErrorMessage(r.get()));
}

bool PgCluster::try_start(std::string& failure) {
    port_ = free_port();
    const fs::path log = dir_.file("server.log");
    server_ = spawn({bin_dir_ + "/postgres", "-D", dir_.file("data").string(), "-p", std::to_string(port_), "-k",
                     dir_.path().string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                     "full_page_writes=off", "-c", "synchronous_commit=off"},
                    server_user(), log, true);
    const std::string ping = url("postgres") + " connect_timeout=2";
    // Startup takes well under a second; the bound only keeps a broken server from hanging the test.
    for (int i = 0; i < 600; ++i) {
        int status = 0;
        if (waitpid(server_, &status, WNOHANG) == server_) {
            server_ = -1;
            failure = read_file(log);
            return false;  // e.g. the port was taken in between: another port
        }
        if (PQping(ping.c_str()) == PQPING_OK) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    failure = "not accepting connections after 30 s:\n" + read_file(log);
    stop();
    return false;
}

void PgCluster::stop() {
    if (server_ <= 0) return;
    kill(server_, SIGQUIT);  // immediate shutdown: the data is thrown away anyway
    int status = 0;
    waitpid(server_, &status, 0);
    server_ = -1;
}

PgCluster::~PgCluster() { stop(); }

PgCluster& PgCluster::shared() {
    static PgCluster cluster;
    return cluster;
}

std::string PgCluster::unique_name() { return "test_" + std::to_string(getpid()) + "_" + std::to_string(++databases_); }

std::string PgCluster::url(const std::string& database) const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=frontline dbname=" + database;
}

void PgCluster::create_database(const std::string& name) {
    const std::string conninfo = url("postgres") + " password=" + password_;
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK)
        throw std::runtime_error(std::string("PgCluster: cannot connect: ") + PQerrorMessage(conn.get()));
    // FILE_COPY (PostgreSQL 15+) copies template1's few files instead of WAL-logging each block.
    const std::string sql = "CREATE DATABASE \"" + name + "\"" + (PQserverVersion(conn.get()) >= 150000 ? " STRATEGY = FILE_COPY" : "");
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
        throw std::runtime_error("PgCluster: " + sql + ": " + PQresultErrorMessage(r.get()));
}

}  // namespace frontline::testkit
