// Group commit for a store shared by threads: writes that arrive while one thread commits
// wait, and the next of them commits all that waited in one transaction. Used by both
// stores (sqlite_backend.cpp, postgres_backend.cpp); each brings its own transaction.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "state/backend.hpp"

namespace infra::state {

/// One write waiting to be committed; it lives on its writer's stack.
struct PendingWrite {
  const std::string* what;                           // "cannot write instance ...", for errors
  std::function<void(std::vector<Change>&)> change;  // makes the change, reports it
  std::int64_t min_serial = 0;                       // the serial is at least this after it
  bool done = false;
  std::exception_ptr error;  // set by the commit when this write failed
};

/// The queue of writes and the one thread at a time that commits them.
class GroupCommit {
 public:
  /// Queues `write` and returns once it is committed or failed, rethrowing its error. When
  /// no commit is running, the calling thread runs `commit` on everything queued, itself
  /// included; `commit` sets the error of each write that failed.
  void submit(PendingWrite& write,
              const std::function<void(const std::vector<PendingWrite*>&)>& commit);

 private:
  std::mutex mutex_;
  std::vector<PendingWrite*> queue_;
  bool committing_ = false;
  std::condition_variable committed_;
};

}  // namespace infra::state
