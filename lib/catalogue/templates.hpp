// Built-in project templates (templates/projects/<name>/ embedded at build time).
#pragma once
