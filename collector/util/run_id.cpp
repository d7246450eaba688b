#include "util/run_id.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace iprobe {

uint32_t random_run_id() {
  uint32_t id = 0;
  while (id == 0)
    if (getrandom(&id, sizeof(id), 0) != sizeof(id))
      throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
  return id;
}

}  // namespace iprobe
