// Starts Swagger UI on /docs over the service's own OpenAPI document (kept out of the page: no inline script).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
