// Files of templates/ embedded into the binary at build time
// (cmake/EmbedTemplatesRun.cmake generates the table).
#pragma once

#include <string_view>
#include <vector>

namespace interlink::catalogue {

struct EmbeddedFile {
  std::string_view path;  // relative to templates/, e.g. "projects/pspm/interlink.yaml"
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace interlink::catalogue
