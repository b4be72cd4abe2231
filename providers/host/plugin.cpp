// The host side of protocol v1: one running plugin, many requests in flight.
//
// Concurrency: callers (any number of threads) register a pending request under `mutex_`,
// write it to the plugin's stdin under `write_mutex_` and wait on a future. One reader
// thread per plugin — a std::thread, because it blocks in poll() on the plugin's pipes,
// which is no work for a TBB task — reads stdout (responses, dispatched by id to the
// waiting futures) and stderr (log lines). When stdout ends or the plugin breaks the
// protocol, the reader fails every pending request at once, so a caller never hangs on a
// dead plugin; a per-request timeout bounds a live one that stopped answering.
#include "providers/host/plugin.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "providers/host/process.hpp"
#include "providers/protocol/framing.hpp"
#include "providers/protocol/schema_json.hpp"

namespace infra::providers {

using nlohmann::json;

namespace {

constexpr std::size_t kStderrTailLines = 20;
constexpr auto kShutdownGrace = std::chrono::seconds(2);

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// A stdout line quoted in an error message, cut to a readable length.
std::string quote_line(const std::string& line) {
  constexpr std::size_t kMax = 120;
  std::string shown = line.size() > kMax ? line.substr(0, kMax) + "..." : line;
  return json(shown).dump(-1, ' ', false, json::error_handler_t::replace);
}

// "plan of local_file", "handshake".
std::string describe_request(std::string_view method, const json& params) {
  std::string out(method);
  if (params.is_object()) {
    auto type = params.find("type");
    if (type != params.end() && type->is_string()) out += " of " + type->get<std::string>();
  }
  return out;
}

// When this process started, near enough: the origin of the debug log's call timings.
const auto kProcessStart = std::chrono::steady_clock::now();

// With INFRA_LOG=debug, one line per answered request: what, how long, and when it began
// (seconds since start), so that a run's time can be split into waiting on providers and the
// engine's own work (bench/provider_bench.py reads these lines).
class CallTimer {
 public:
  CallTimer(bool enabled, const std::string& provider, const std::string& what)
      : enabled_(enabled), provider_(provider), what_(what),
        start_(std::chrono::steady_clock::now()) {}
  ~CallTimer() {
    if (!enabled_) return;
    using seconds = std::chrono::duration<double>;
    const auto now = std::chrono::steady_clock::now();
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, " %.3f ms from +%.6f s\n",
                  seconds(now - start_).count() * 1000, seconds(start_ - kProcessStart).count());
    const std::string line = "[timing] provider " + provider_ + ": " + what_ + numbers;
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  CallTimer(const CallTimer&) = delete;
  CallTimer& operator=(const CallTimer&) = delete;

 private:
  bool enabled_;
  const std::string& provider_;
  const std::string& what_;
  std::chrono::steady_clock::time_point start_;
};

// How a request ended, as seen by the reader thread.
struct Outcome {
  enum class Kind { kResult, kError, kFailed } kind = Kind::kFailed;
  json value;           // kResult: the result object
  std::string message;  // kError: the provider's message; kFailed: the full host message
  AttributePath path;   // kError: where the provider located it
};

struct Pending {
  std::string what;  // describe_request(...)
  std::promise<Outcome> promise;
};

class PluginProcess final : public Plugin {
 public:
  PluginProcess(std::filesystem::path executable, std::string name, PluginOptions options)
      : exe_(std::move(executable)), name_(std::move(name)), options_(options) {
    const char* log = std::getenv("INFRA_LOG");
    debug_ = log && std::string_view(log) == "debug";
  }
  ~PluginProcess() override { shutdown(); }

  void launch() {
    child_ = host::spawn_plugin(exe_, kProtocolVersion, "provider \"" + name_ + "\"");
    if (::pipe2(wake_, O_CLOEXEC) != 0) {
      kill_and_reap();
      throw ProviderError(who() + ": cannot create a pipe: " + std::strerror(errno));
    }
    reader_ = std::thread([this] { read_loop(); });
  }

  void handshake() {
    json result;
    try {
      result = call_with_timeout("handshake", {{"protocol_versions", {kProtocolVersion}}},
                                 options_.handshake_timeout, true);
    } catch (const ResponseError& e) {
      fail_start("does not speak protocol " + std::to_string(kProtocolVersion) + ": " + e.said());
    } catch (const ProviderError&) {
      kill_and_reap();  // a plugin that failed its handshake gets no polite shutdown
      throw;
    }
    auto version = result.find("protocol_version");
    if (version == result.end() || !version->is_number_integer()) {
      fail_start("broke the protocol: the handshake result has no protocol_version");
    }
    if (*version != kProtocolVersion) {
      fail_start("answered protocol version " + version->dump() + "; this host speaks protocol " +
                 std::to_string(kProtocolVersion));
    }
    auto name = result.find("name");
    if (name == result.end() || !name->is_string()) {
      fail_start("broke the protocol: the handshake result has no name");
    }
    if (*name != name_) fail_start("calls itself " + name->dump() + " in its handshake");
    try {
      auto schema = result.find("schema");
      schema_ = schema_from_json(schema == result.end() ? json() : *schema);
    } catch (const SchemaError& e) {
      fail_start(std::string("sent an invalid schema: ") + e.what());
    }
    schema_.name = name_;
    schema_.protocol_version = kProtocolVersion;
    auto plugin_version = result.find("version");
    if (plugin_version != result.end() && plugin_version->is_string()) {
      schema_.version = plugin_version->get<std::string>();
    }
    started_ = true;
  }

  const ProviderSchema& schema() const override { return schema_; }

  json call(std::string_view method, const json& params) override {
    return call_with_timeout(method, params, options_.request_timeout, false);
  }

  void shutdown() override {
    std::lock_guard shutdown_lock(shutdown_mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    if (child_.pid < 0) return;  // never started
    shutting_down_ = true;
    if (!dead()) {
      try {
        call_with_timeout("shutdown", json::object(), kShutdownGrace, false);
      } catch (const ProviderError&) {
        // It is going away either way; the signals below make sure.
      }
    }
    {
      std::lock_guard lock(write_mutex_);
      if (child_.stdin_fd >= 0) ::close(child_.stdin_fd);
      child_.stdin_fd = -1;
    }
    if (!reap(kShutdownGrace)) {
      signal_child(SIGTERM);
      if (!reap(std::chrono::seconds(1))) {
        signal_child(SIGKILL);
        reap(std::chrono::hours(1));
      }
    }
    if (reader_.joinable()) {
      char byte = 1;
      [[maybe_unused]] auto n = ::write(wake_[1], &byte, 1);
      reader_.join();
    }
    for (int* fd : {&child_.stdout_fd, &child_.stderr_fd, &wake_[0], &wake_[1]}) {
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
  }

 private:
  // An error *response*: the plugin answered, it did not break.
  class ResponseError : public ProviderError {
   public:
    ResponseError(const std::string& message, AttributePath path, std::string said)
        : ProviderError(message, std::move(path)), said_(std::move(said)) {}
    const std::string& said() const { return said_; }  // the provider's own words

   private:
    std::string said_;
  };

  // `provider "local"`, plus the executable while starting (a failed start is about the file).
  std::string who() const {
    std::string out = "provider \"" + name_ + "\"";
    if (!started_) out += " (" + exe_.string() + ")";
    return out;
  }
  std::string who_with_path() const {
    return "provider \"" + name_ + "\" (" + exe_.string() + ")";
  }

  [[noreturn]] void fail_start(const std::string& what) {
    std::string message = who_with_path() + " " + what;
    kill_and_reap();
    throw ProviderError(message);
  }

  std::string stderr_tail() {
    std::lock_guard lock(mutex_);
    if (stderr_tail_.empty()) return "";
    std::string out = "; last stderr lines:";
    for (const auto& line : stderr_tail_) out += "\n    " + line;
    return out;
  }

  bool dead() {
    std::lock_guard lock(mutex_);
    return dead_.has_value();
  }

  json call_with_timeout(std::string_view method, const json& params,
                         std::chrono::milliseconds timeout, bool handshake) {
    const std::string what = describe_request(method, params);
    const CallTimer timer(debug_, name_, what);
    const std::int64_t id = next_id_++;
    std::future<Outcome> future;
    {
      std::lock_guard lock(mutex_);
      if (dead_) {
        throw ProviderError(who() + " " + *dead_ + "; cannot handle " + what + dead_tail_);
      }
      auto& pending = pending_[id];
      pending.what = what;
      future = pending.promise.get_future();
    }
    json request = {{"id", id}, {"method", std::string(method)}, {"params", params}};
    std::string line = request.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    int err;
    {
      std::lock_guard lock(write_mutex_);
      err = child_.stdin_fd < 0 ? EPIPE : write_all(child_.stdin_fd, line);
    }
    // A failed write means the plugin is gone: the reader is about to say why.
    auto wait = err ? std::min(timeout, std::chrono::milliseconds(2000)) : timeout;
    if (future.wait_for(wait) != std::future_status::ready) {
      bool abandoned = false;
      {
        std::lock_guard lock(mutex_);
        if (pending_.erase(id) > 0) {
          abandoned_.insert(id);  // a late answer is then ignored, not a protocol error
          abandoned = true;
        }
      }
      if (abandoned) {
        if (err) throw ProviderError(who() + ": cannot send " + what + ": " + std::strerror(err));
        if (handshake) {
          throw ProviderError(who_with_path() + " did not complete the handshake within " +
                              format_duration(timeout) + stderr_tail());
        }
        throw ProviderError(who() + " did not answer " + what + " within " +
                            format_duration(timeout));
      }
      // The reader took it just now: the outcome is on its way.
    }
    Outcome outcome = future.get();
    switch (outcome.kind) {
      case Outcome::Kind::kResult:
        return std::move(outcome.value);
      case Outcome::Kind::kError: {
        std::string message = who() + ": " + what + ": " + outcome.message;
        if (!outcome.path.empty()) message += " (at " + to_string(outcome.path) + ")";
        throw ResponseError(message, std::move(outcome.path), std::move(outcome.message));
      }
      case Outcome::Kind::kFailed:
        break;
    }
    throw ProviderError(outcome.message);
  }

  // --- reader thread -------------------------------------------------------------------

  enum class End { kStdoutClosed, kProtocolError, kWoken };

  void read_loop() {
    LineBuffer out_lines, err_lines;
    std::string violation;
    End end = End::kWoken;
    bool stderr_open = true;
    char buf[65536];
    try {
      for (;;) {
        pollfd fds[3] = {{child_.stdout_fd, POLLIN, 0},
                         {stderr_open ? child_.stderr_fd : -1, POLLIN, 0},
                         {wake_[0], POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
          if (errno == EINTR) continue;
          violation = std::string("poll failed: ") + std::strerror(errno);
          end = End::kProtocolError;
          break;
        }
        if (fds[2].revents) {
          end = End::kWoken;
          break;
        }
        if (fds[1].revents) {
          ssize_t n = ::read(child_.stderr_fd, buf, sizeof buf);
          if (n > 0) {
            err_lines.feed({buf, static_cast<std::size_t>(n)});
            while (auto line = err_lines.next_line()) log_line(*line);
          } else if (n == 0 || errno != EINTR) {
            stderr_open = false;
            if (auto rest = err_lines.take_rest(); !rest.empty()) log_line(rest);
          }
        }
        if (fds[0].revents) {
          ssize_t n = ::read(child_.stdout_fd, buf, sizeof buf);
          if (n > 0) {
            out_lines.feed({buf, static_cast<std::size_t>(n)});
            while (auto line = out_lines.next_line()) {
              violation = dispatch(*line);
              if (!violation.empty()) break;
            }
            if (violation.empty() && out_lines.pending_size() > kMaxLineBytes) {
              violation = "wrote a line longer than " + std::to_string(kMaxLineBytes) + " bytes";
            }
            if (!violation.empty()) {
              end = End::kProtocolError;
              break;
            }
          } else if (n == 0 || errno != EINTR) {
            end = End::kStdoutClosed;
            break;
          }
        }
      }
    } catch (const std::exception& e) {
      violation = std::string("could not be read: ") + e.what();
      end = End::kProtocolError;
    }

    std::string why;
    if (shutting_down_) {
      why = "was shut down";
      if (end == End::kProtocolError) kill_and_reap();
    } else if (end == End::kProtocolError) {
      kill_and_reap();
      why = "(" + exe_.string() + ") broke the protocol (" + violation + ")";
    } else if (end == End::kStdoutClosed) {
      if (stderr_open) drain_stderr(err_lines, std::chrono::milliseconds(500));
      if (auto status = reap(std::chrono::seconds(1))) {
        why = "exited unexpectedly (" + host::describe_exit(*status) + ")";
      } else {
        kill_and_reap();
        why = "closed its stdout unexpectedly";
      }
    } else {
      why = "was shut down";
    }
    fail_all(why);
  }

  // Reads what is left on stderr after stdout closed, so crash messages show the last words.
  void drain_stderr(LineBuffer& lines, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    char buf[65536];
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd fd = {child_.stderr_fd, POLLIN, 0};
      int r = ::poll(&fd, 1, static_cast<int>(left.count()));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      ssize_t n = ::read(child_.stderr_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      lines.feed({buf, static_cast<std::size_t>(n)});
      while (auto line = lines.next_line()) log_line(*line);
    }
    if (auto rest = lines.take_rest(); !rest.empty()) log_line(rest);
  }

  void log_line(const std::string& line) {
    if (debug_) {
      std::string out = "[provider " + name_ + "] " + line + "\n";
      std::fwrite(out.data(), 1, out.size(), stderr);
    }
    std::lock_guard lock(mutex_);
    stderr_tail_.push_back(line);
    if (stderr_tail_.size() > kStderrTailLines) stderr_tail_.pop_front();
  }

  // Hands one response to its caller. Returns a protocol violation, or "" if all is well.
  std::string dispatch(const std::string& line) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) return "";
    json msg = json::parse(line, nullptr, false);
    if (msg.is_discarded()) return "stdout line is not JSON: " + quote_line(line);
    if (!msg.is_object()) return "stdout line is not a JSON object: " + quote_line(line);
    auto id = msg.find("id");
    auto result = msg.find("result");
    auto error = msg.find("error");
    if (id == msg.end() || id->is_null()) {
      if (error != msg.end() && error->is_object() && error->contains("message")) {
        return "it reported " + (*error)["message"].dump();
      }
      return "response without an id: " + quote_line(line);
    }
    if (!id->is_number_integer()) return "response id is not an integer: " + quote_line(line);

    Outcome outcome;
    if (result != msg.end() && result->is_object()) {
      outcome.kind = Outcome::Kind::kResult;
      outcome.value = std::move(*result);
    } else if (error != msg.end() && error->is_object()) {
      auto message = error->find("message");
      if (message == error->end() || !message->is_string()) {
        return "error response without a message: " + quote_line(line);
      }
      outcome.kind = Outcome::Kind::kError;
      outcome.message = message->get<std::string>();
      auto path = error->find("path");
      if (path != error->end() && !path->is_null()) {
        try {
          outcome.path = path_from_json(*path);
        } catch (const std::invalid_argument& e) {
          return std::string("error response with a bad path: ") + e.what();
        }
      }
    } else {
      return "response with neither an object result nor an error: " + quote_line(line);
    }

    std::int64_t key = id->get<std::int64_t>();
    std::promise<Outcome> promise;
    {
      std::lock_guard lock(mutex_);
      auto it = pending_.find(key);
      if (it == pending_.end()) {
        if (abandoned_.erase(key) > 0) return "";  // answered after its caller gave up
        return "answered unknown request id " + std::to_string(key);
      }
      promise = std::move(it->second.promise);
      pending_.erase(it);
    }
    promise.set_value(std::move(outcome));
    return "";
  }

  // Fails every waiting request, and every later one, with `why`.
  void fail_all(const std::string& why) {
    std::map<std::int64_t, Pending> failed;
    std::string tail = why == "was shut down" ? "" : stderr_tail();
    {
      std::lock_guard lock(mutex_);
      dead_ = why;
      dead_tail_ = tail;
      failed.swap(pending_);
    }
    for (auto& [id, pending] : failed) {
      Outcome outcome;
      outcome.kind = Outcome::Kind::kFailed;
      outcome.message = who() + " " + why + " while handling " + pending.what + tail;
      pending.promise.set_value(std::move(outcome));
    }
  }

  // --- the child process ---------------------------------------------------------------

  // Waits up to `timeout` for the child to exit; returns its status once it has.
  std::optional<int> reap(std::chrono::milliseconds timeout) {
    std::lock_guard lock(reap_mutex_);
    if (!exit_status_ && child_.pid > 0) exit_status_ = host::wait_for_exit(child_.pid, timeout);
    return exit_status_;
  }

  void signal_child(int sig) {
    std::lock_guard lock(reap_mutex_);
    if (!exit_status_ && child_.pid > 0) ::kill(child_.pid, sig);  // not reaped: pid is ours
  }

  void kill_and_reap() {
    signal_child(SIGKILL);
    reap(std::chrono::seconds(5));
  }

  const std::filesystem::path exe_;
  const std::string name_;
  const PluginOptions options_;
  bool debug_ = false;
  std::atomic<bool> started_{false};        // handshake done
  std::atomic<bool> shutting_down_{false};  // shutdown() began: EOF is expected
  ProviderSchema schema_;

  host::ChildProcess child_;
  int wake_[2] = {-1, -1};  // shutdown() writes here to stop the reader
  std::thread reader_;
  std::atomic<std::int64_t> next_id_{1};

  std::mutex write_mutex_;  // one writer at a time on the child's stdin

  std::mutex mutex_;  // guards the members below
  std::map<std::int64_t, Pending> pending_;
  std::set<std::int64_t> abandoned_;        // timed out; their late answers are dropped
  std::optional<std::string> dead_;         // set once the plugin can answer no more
  std::string dead_tail_;                   // its last stderr lines then
  std::deque<std::string> stderr_tail_;

  std::mutex reap_mutex_;
  std::optional<int> exit_status_;

  std::mutex shutdown_mutex_;
  bool shut_down_ = false;
};

}  // namespace

std::unique_ptr<Plugin> Plugin::start(const std::filesystem::path& executable, std::string name,
                                      PluginOptions options) {
  host::ignore_sigpipe();
  auto plugin = std::make_unique<PluginProcess>(executable, std::move(name), options);
  try {
    plugin->launch();
  } catch (const ProviderError&) {
    throw;
  } catch (const std::exception& e) {
    throw ProviderError(e.what());
  }
  plugin->handshake();
  return plugin;
}

}  // namespace infra::providers
