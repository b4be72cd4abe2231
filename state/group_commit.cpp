// See state/group_commit.hpp.
#include "state/group_commit.hpp"

namespace infra::state {

void GroupCommit::submit(PendingWrite& write,
                         const std::function<void(const std::vector<PendingWrite*>&)>& commit) {
  std::unique_lock queue_lock(mutex_);
  queue_.push_back(&write);
  while (!write.done) {
    if (committing_) {
      committed_.wait(queue_lock);
      continue;
    }
    // Commit everything that waits, this write among it.
    committing_ = true;
    std::vector<PendingWrite*> batch;
    batch.swap(queue_);
    queue_lock.unlock();
    try {
      commit(batch);
    } catch (...) {
      for (PendingWrite* w : batch) {
        if (!w->error) w->error = std::current_exception();
      }
    }
    queue_lock.lock();
    committing_ = false;
    for (PendingWrite* w : batch) w->done = true;
    committed_.notify_all();
  }
  if (write.error) std::rethrow_exception(write.error);
}

}  // namespace infra::state
