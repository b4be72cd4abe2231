// A plugin for host robustness tests: speaks protocol v1 correctly except in the one way
// its argument names. Tests start it through a one-line shell script that passes the mode.
//
//   crash-on-plan        plan: writes to stderr, then dies of SIGSEGV
//   hang-on-plan         plan: never answers
//   slow-plan            plan: answers after 1.5 s
//   garbage              any request after the handshake: a line that is not JSON
//   unknown-id           plan: answers with an id nobody asked for
//   protocol99           handshake: answers protocol version 99
//   no-common-version    handshake: error, as the SDK does when no version is common
//   silent               never answers anything
//   exit-at-start        writes a reason to stderr and exits 3 before the handshake
//   exit-after-handshake exits 0 right after answering the handshake
//   echo                 answers every request with {"echo": params}
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

void send(const json& j) { std::cout << j.dump() << std::endl; }

json handshake_result(int version) {
  return {{"protocol_version", version},
          {"name", "bad"},
          {"version", "0.0.1"},
          {"schema",
           {{"provider", {{"attributes", json::object()}}},
            {"resources",
             {{"bad_thing",
               {{"version", 0},
                {"attributes", {{"id", {{"type", "string"}, {"computed", true}}}}}}}}}}}};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "echo";
  if (mode == "exit-at-start") {
    std::cerr << "cannot start: no configuration found" << std::endl;
    return 3;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    json request = json::parse(line);
    json id = request["id"];
    std::string method = request["method"];
    if (mode == "silent") continue;
    if (method == "handshake") {
      if (mode == "no-common-version") {
        send({{"id", id}, {"error", {{"message", "no common protocol version"}}}});
      } else {
        send({{"id", id}, {"result", handshake_result(mode == "protocol99" ? 99 : 1)}});
      }
      if (mode == "exit-after-handshake") return 0;
      continue;
    }
    if (method == "shutdown") {
      send({{"id", id}, {"result", json::object()}});
      return 0;
    }
    if (mode == "garbage") {
      std::cout << "Hello! I am not JSON." << std::endl;
      continue;
    }
    if (method == "plan") {
      if (mode == "crash-on-plan") {
        std::cerr << "starting plan" << std::endl;
        std::cerr << "oh no: null pointer" << std::endl;
        // The default action, not a sanitizer's handler: the host must see signal 11.
        std::signal(SIGSEGV, SIG_DFL);
        std::raise(SIGSEGV);
      }
      if (mode == "hang-on-plan") continue;
      if (mode == "slow-plan") std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      if (mode == "unknown-id") id = id.get<int>() + 1000;
    }
    send({{"id", id}, {"result", {{"echo", request["params"]}}}});
  }
  return 0;
}
