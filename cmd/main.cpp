// interlink: co-design and co-delivery of public services as files in git.
#include "app.hpp"
#include "util/heap.hpp"

int main(int argc, char** argv) {
  interlink::prepare_heap();  // before the first large allocation (util/heap.hpp)
  return interlink::cli::run(argc, argv);
}
