/**
 * LinkedIn names invalid fields by its internal paths (`Invalid Field: /postalCode;`), which are not the
 * field names of the posting we submit. This maps them back so the posting service knows what to fix.
 */

const POSTING_FIELD_BY_LINKEDIN_NAME: Readonly<Record<string, string>> = {
  // LinkedIn derives all of these from the single `location` string of the posting.
  city: 'location',
  postalcode: 'location',
  zipcode: 'location',
  state: 'location',
  region: 'location',
  country: 'location',
  countrycode: 'location',
  geolocation: 'location',
  standardizedlocation: 'location',
  location: 'location',
  alternatelocations: 'alternateLocations',
  description: 'description',
  title: 'title',
  company: 'integrationContext',
  companyid: 'integrationContext',
  integrationcontext: 'integrationContext',
  companyname: 'companyName',
  companyapplyurl: 'companyApplyUrl',
  applyurl: 'companyApplyUrl',
  sourceurl: 'companyApplyUrl',
  sourcedomain: 'companyApplyUrl',
  experience: 'experienceLevel',
  experiencelevel: 'experienceLevel',
  jobcategory: 'categories',
  jobfunctions: 'categories',
  categories: 'categories',
  jobtype: 'employmentStatus',
  employmentstatus: 'employmentStatus',
  jobcode: 'companyJobCode',
  originaljobcode: 'companyJobCode',
  sourcejobcode: 'companyJobCode',
  companyjobcode: 'companyJobCode',
  industries: 'industries',
  industrycodes: 'industries',
  jobcampaign: 'partnerJobCampaignId',
  partnerjobcampaignid: 'partnerJobCampaignId',
  posteremail: 'posterEmail',
  workplacetypes: 'workplaceTypes',
  listedat: 'listedAt',
  expireat: 'expireAt',
  listingtype: 'listingType',
  contract: 'contract',
};

/**
 * `/geoLocation/latitude` -> `location`. The first segment LinkedIn names that we know wins; an unknown
 * path is reported by its first segment so that no field LinkedIn complains about is silently lost.
 */
export function postingFieldForPath(path: string): string | null {
  const segments = path
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment.length > 0);
  for (const segment of segments) {
    const field = POSTING_FIELD_BY_LINKEDIN_NAME[segment.toLowerCase()];
    if (field !== undefined) return field;
  }
  return segments[0] ?? null;
}
