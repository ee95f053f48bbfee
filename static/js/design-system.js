// The few Bootstrap Italia behaviours the portal uses, loaded as ES modules.
// The full bundle is not used: its video player injects <style> elements,
// which the Content-Security-Policy (style-src 'self') rightly blocks.
import "../vendor/bootstrap-italia-2.18.3/plugins/navbar-collapsible.js";
