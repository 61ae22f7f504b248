package io.coxswain.http.openapi;

import java.util.List;

/** A URL template with the parameters all its operations share. */
record ApiPath(String path, List<ApiParameter> parameters, List<ApiOperation> operations) {}
