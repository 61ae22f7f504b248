package io.coxswain.http.openapi;

/** A path or query parameter of a REST operation; {@code type} is string, boolean or integer. */
record ApiParameter(String name, String in, String type, boolean required, String description) {

  static ApiParameter query(String name, String type, String description) {
    return new ApiParameter(name, "query", type, false, description);
  }

  static ApiParameter path(String name, String description) {
    return new ApiParameter(name, "path", "string", true, description);
  }

  static final ApiParameter PRETTY =
      query("pretty", "string",
          "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a"
              + " browser or command-line HTTP tool (curl and wget).");
  static final ApiParameter NAMESPACE =
      path("namespace", "object name and auth scope, such as for teams and projects");

  static final ApiParameter DRY_RUN =
      query("dryRun", "string",
          "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun"
              + " directive will result in an error response and no further processing of the request. Valid values"
              + " are: - All: all dry run stages will be processed");
  static final ApiParameter FIELD_MANAGER =
      query("fieldManager", "string",
          "fieldManager is a name associated with the actor or entity that is making these changes. The value must"
              + " be less than or 128 characters long, and only contain printable characters. This field is required"
              + " for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch,"
              + " MergePatch, StrategicMergePatch).");
  static final ApiParameter FIELD_VALIDATION =
      query("fieldValidation", "string",
          "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing"
              + " unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that"
              + " are silently dropped from the object, and will ignore all but the last duplicate field that the"
              + " decoder encounters. - Warn: This will send a warning via the standard warning response header for"
              + " each unknown field that is dropped from the object, and for each duplicate field that is"
              + " encountered. The request will still succeed if there are no other errors. This is the default. -"
              + " Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped"
              + " from the object, or if any duplicate fields are present. The error returned from the server will"
              + " contain all unknown and duplicate fields encountered.");
  static final ApiParameter FORCE =
      query("force", "boolean",
          "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by"
              + " other people. Force flag must be unset for non-apply patch requests.");

  static final ApiParameter ALLOW_WATCH_BOOKMARKS =
      query("allowWatchBookmarks", "boolean",
          "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers that do not implement"
              + " bookmarks may ignore this flag and bookmarks are sent at the server's discretion.");
  static final ApiParameter CONTINUE =
      query("continue", "string",
          "The continue option should be set when retrieving more results from the server. Since this value is"
              + " server defined, clients may only use the continue value from a previous query result with identical"
              + " query parameters (except for the value of continue).");
  static final ApiParameter FIELD_SELECTOR =
      query("fieldSelector", "string",
          "A selector to restrict the list of returned objects by their fields. Defaults to everything.");
  static final ApiParameter LABEL_SELECTOR =
      query("labelSelector", "string",
          "A selector to restrict the list of returned objects by their labels. Defaults to everything.");
  static final ApiParameter LIMIT =
      query("limit", "integer",
          "limit is a maximum number of responses to return for a list call. If more items exist, the server will"
              + " set the `continue` field on the list metadata to a value that can be used with the same initial"
              + " query to retrieve the next set of results.");
  static final ApiParameter RESOURCE_VERSION =
      query("resourceVersion", "string",
          "resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to"
              + " unset");
  static final ApiParameter RESOURCE_VERSION_MATCH =
      query("resourceVersionMatch", "string",
          "resourceVersionMatch determines how resourceVersion is applied to list calls. Defaults to unset");
  static final ApiParameter SEND_INITIAL_EVENTS =
      query("sendInitialEvents", "boolean",
          "`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will"
              + " begin with synthetic events to produce the current state of objects in the collection.");
  static final ApiParameter TIMEOUT_SECONDS =
      query("timeoutSeconds", "integer",
          "Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or"
              + " inactivity.");
  static final ApiParameter WATCH =
      query("watch", "boolean",
          "Watch for changes to the described resources and return them as a stream of add, update, and remove"
              + " notifications. Specify resourceVersion.");

  static final ApiParameter GRACE_PERIOD_SECONDS =
      query("gracePeriodSeconds", "integer",
          "The duration in seconds before the object should be deleted. Value must be non-negative integer. The"
              + " value zero indicates delete immediately. If this value is nil, the default grace period for the"
              + " specified type will be used. Defaults to a per object value if not specified.");
  static final ApiParameter IGNORE_STORE_READ_ERROR =
      query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
          "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow"
              + " fails with a corrupt object error.");
  static final ApiParameter ORPHAN_DEPENDENTS =
      query("orphanDependents", "boolean",
          "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent"
              + " objects be orphaned.");
  static final ApiParameter PROPAGATION_POLICY =
      query("propagationPolicy", "string",
          "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set,"
              + " but not both. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the"
              + " garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy"
              + " that deletes all dependents in the foreground.");
}
