/** Every namespace of this language's catalog; one file per area of the product. */
import common from "./common.json";
import auth from "./auth.json";
import community from "./community.json";
import kb from "./kb.json";
import ideas from "./ideas.json";
import mod from "./mod.json";
import admin from "./admin.json";
import sales from "./sales.json";
import search from "./search.json";
import errors from "./errors.json";

export default { common, auth, community, kb, ideas, mod, admin, sales, search, errors };
